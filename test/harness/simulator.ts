/** Typed access to the JS simulator for the TypeScript tests. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulatorModule = require('../simulator');

export interface RecordedRequest {
	service: 'hottask' | 'hamsa' | 'unknown';
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: any;
	rawBody: string;
	at: number;
	closedEarly: boolean;
}

export interface Simulator {
	url: string;
	port: number;
	requests: RecordedRequest[];
	calls: Map<string, any>;
	webhookDeliveries: any[];
	clearRequests(): void;
	configure(config: Record<string, unknown>): void;
	reset(): void;
	addFault(fault: Record<string, unknown>): number;
	addFaults(faults: Record<string, unknown>[]): number;
	postWebhook(url: string, event: unknown, options?: { authorization?: string }): Promise<{ status: number; body: any }>;
	webhooksIdle(): Promise<void>;
	close(): Promise<void>;
}

export const startSimulator: (options?: Record<string, unknown>) => Promise<Simulator> = simulatorModule.startSimulator;
export const HOTTASK_KEY: string = simulatorModule.DEFAULT_HOTTASK_KEY;
export const HAMSA_KEY: string = simulatorModule.DEFAULT_HAMSA_KEY;
export const CHATBOT_ID: string = simulatorModule.DEFAULT_CHATBOT_ID;
export const VOICE_AGENT_ID: string = simulatorModule.DEFAULT_VOICE_AGENT_ID;
export const TWILIO_NUMBER: string = simulatorModule.DEFAULT_TWILIO_NUMBER;

export function credentialsFor(simulator: Simulator, overrides: { hotTask?: object; hamsa?: object } = {}) {
	return {
		hotTaskApi: { secretKey: HOTTASK_KEY, baseUrl: simulator.url, ...overrides.hotTask },
		hamsaApi: { apiKey: HAMSA_KEY, region: 'custom', baseUrl: simulator.url, ...overrides.hamsa },
	};
}

/** Starts one simulator for a test file and resets it before each test. */
export function useSimulator(options: Record<string, unknown> = {}): { readonly sim: Simulator } {
	const holder = {} as { sim: Simulator };
	beforeAll(async () => {
		holder.sim = await startSimulator({ port: 0, ...options });
	});
	beforeEach(() => holder.sim.reset());
	afterAll(async () => {
		await holder.sim?.close();
	});
	return holder;
}
