/** Typed access to the JS simulator for the TypeScript tests. */
import * as simulatorModule from '../simulator';

/**
 * JSON as the simulator parsed it from a request or an answer. Tests read into
 * it at any depth (`body.agentDetails.agentName`) and check the values with
 * expect(), so every level is typed as another JsonTree.
 */
export interface JsonTree {
	[key: string]: JsonTree;
}

export interface RecordedRequest {
	/** `storage`: a PUT to a pre-signed upload address (no body kept, its size in `bytes`). */
	service: 'hottask' | 'hamsa' | 'storage' | 'recordings' | 'unknown';
	bytes?: number;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: JsonTree;
	rawBody: string;
	at: number;
	/** How many service requests the simulator was answering when this one arrived, itself included. */
	inFlight: number;
	/** When its answer finished (or the client went away); undefined while it is in flight. */
	answeredAt?: number;
	closedEarly: boolean;
}

export interface Simulator {
	url: string;
	port: number;
	requests: RecordedRequest[];
	/** Service requests being answered now. */
	inFlight: number;
	/** The most service requests answered at once since reset(). */
	peakInFlight: number;
	calls: Map<string, { status: string } & JsonTree>;
	/** Hamsa's stored state: voice agents (v2 shape) and web tools as the API last left them, and campaigns. */
	hamsa: { agents: JsonTree[]; webTools: JsonTree[]; campaigns: { campaigns: Map<string, JsonTree> } };
	hottask: { sentMessages: Array<{ serialNumber: string; to: string; message: string; at: number }>; history: JsonTree[] };
	webhookDeliveries: JsonTree[];
	clearRequests(): void;
	/** Each service request as it is recorded (see README: events). */
	on(event: 'request', listener: (request: RecordedRequest) => void): void;
	off(event: 'request', listener: (request: RecordedRequest) => void): void;
	configure(config: Record<string, unknown>): void;
	reset(): void;
	addFault(fault: Record<string, unknown>): number;
	addFaults(faults: Record<string, unknown>[]): number;
	postWebhook(url: string, event: unknown, options?: { authorization?: string }): Promise<{ status: number; body: JsonTree }>;
	webhooksIdle(): Promise<void>;
	/** Plays Hamsa calling an agent's function tool (see simulator.js invokeTool). */
	invokeTool(agentId: string, toolName: string, params?: unknown, options?: { timeoutMs?: number; body?: unknown }): Promise<{ status?: number; body?: unknown; timedOut?: boolean }>;
	close(): Promise<void>;
}

export const startSimulator = simulatorModule.startSimulator as unknown as (options?: Record<string, unknown>) => Promise<Simulator>;
export const HOTTASK_KEY: string = simulatorModule.DEFAULT_HOTTASK_KEY;
export const HAMSA_KEY: string = simulatorModule.DEFAULT_HAMSA_KEY;
export const CHATBOT_ID: string = simulatorModule.DEFAULT_CHATBOT_ID;
export const VOICE_AGENT_ID: string = simulatorModule.DEFAULT_VOICE_AGENT_ID;
export const TWILIO_NUMBER: string = simulatorModule.DEFAULT_TWILIO_NUMBER;
/** The webhook secret in the seeded second voice agent's settings (hamsa-seed.js), which Hamsa's agent list gives back. */
export const AGENT_WEBHOOK_SECRET: string = simulatorModule.AGENT_WEBHOOK_SECRET;

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
