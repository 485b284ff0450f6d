/**
 * A local stand-in for the URL Hamsa posts call events to: records each
 * delivery (headers and JSON body) so a test can replay exactly what the
 * simulator sent into a node's webhook().
 */
import { createServer, type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';

export interface ReceivedDelivery {
	headers: IncomingHttpHeaders;
	body: any;
}

export interface WebhookReceiver {
	/** The receiver's address with the given path. */
	urlFor(path: string): string;
	received: ReceivedDelivery[];
	/** Resolves once an event of this type arrived (or after the timeout). */
	waitForEvent(eventType: string, timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const received: ReceivedDelivery[] = [];
	const server = createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body: JSON.parse(text) });
			response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		urlFor: (path) => `http://127.0.0.1:${port}${path}`,
		received,
		async waitForEvent(eventType, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (!received.some((entry) => entry.body.eventType === eventType) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
