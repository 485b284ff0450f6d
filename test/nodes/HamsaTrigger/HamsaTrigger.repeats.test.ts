/**
 * Hamsa may deliver the same event twice, and in queue mode to more than one
 * n8n process: the Hamsa Trigger starts one execution per event (see
 * nodes/HamsaTrigger/deliveryLog.ts).
 */
import { sleep, type INodeParameters } from 'n8n-workflow';
import { recordedValues, runTriggerExecution } from '../../harness/runTriggerExecution';
import { callEnded, GOOD_AUTH, newCallId, otherEvent, SECRET, trigger } from './triggerFixtures';

describe('Hamsa Trigger → repeated deliveries', () => {
	it('starts one execution for the same call, event type and timestamp delivered twice', async () => {
		const event = callEnded(newCallId());
		const first = await trigger({ body: event });
		expect(first.workflowData).toHaveLength(1);
		const second = await trigger({ body: JSON.parse(JSON.stringify(event)) });
		expect(second.status).toBe(200);
		expect(second.workflowData).toBeUndefined();
		expect(second.body).toEqual({ received: true, ignored: 'repeated delivery' });
	});

	it('starts one execution when two copies arrive at the same moment', async () => {
		const event = callEnded(newCallId());
		const runs = await Promise.all([trigger({ body: event }), trigger({ body: { ...event } }), trigger({ body: { ...event } })]);
		expect(runs.map((run) => run.status)).toEqual([200, 200, 200]);
		expect(runs.filter((run) => run.workflowData !== undefined)).toHaveLength(1);
	});

	it('starts a new execution for the same call and event with a different timestamp', async () => {
		const callId = newCallId();
		expect((await trigger({ body: callEnded(callId, '2025-06-02T10:15:30.000Z') })).workflowData).toHaveLength(1);
		const later = await trigger({ body: callEnded(callId, '2025-06-02T10:15:31.000Z') });
		expect(later.workflowData).toHaveLength(1);
		expect(later.workflowData![0][0].json.timestamp).toBe('2025-06-02T10:15:31.000Z');
	});

	it('starts a new execution for a different event type of the same call at the same instant', async () => {
		const callId = newCallId();
		const parameters = { events: ['call.answered', 'call.ended'] };
		expect((await trigger({ parameters, body: callEnded(callId, 'T') })).workflowData).toHaveLength(1);
		expect((await trigger({ parameters, body: otherEvent('call.answered', callId, 'T') })).workflowData).toHaveLength(1);
	});

	it('keeps each trigger node apart: the same event starts one execution in each of two workflows', async () => {
		const event = callEnded(newCallId());
		expect((await trigger({ workflowId: 'workflow-a', body: event })).workflowData).toHaveLength(1);
		expect((await trigger({ workflowId: 'workflow-b', body: event })).workflowData).toHaveLength(1);
		expect((await trigger({ workflowId: 'workflow-a', nodeId: 'second-trigger', body: event })).workflowData).toHaveLength(1);
		expect((await trigger({ workflowId: 'workflow-a', body: event })).workflowData).toBeUndefined();
	});

	it('does not remember a delivery that was refused (401) or ignored (unselected type)', async () => {
		const event = callEnded(newCallId());
		expect((await trigger({ body: event, headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
		expect((await trigger({ parameters: { events: ['call.started'] }, body: event })).workflowData).toBeUndefined();
		expect((await trigger({ body: event })).workflowData).toHaveLength(1);
	});

	it('answers a repeat, like the first copy, with JSON and HTTP 200', async () => {
		const event = callEnded(newCallId());
		expect((await trigger({ body: event })).body).toEqual({ received: true });
		const again = await trigger({ body: event });
		expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { received: true, ignored: 'repeated delivery' } });
	});

	it('starts an execution for every copy when Ignore Repeated Deliveries is off', async () => {
		const event = callEnded(newCallId());
		const parameters = { options: { ignoreRepeats: false } };
		expect((await trigger({ parameters, body: event })).workflowData).toHaveLength(1);
		expect((await trigger({ parameters, body: event })).workflowData).toHaveLength(1);
	});

	describe('remembers a delivery only once n8n has taken its execution over (answered it with 2xx)', () => {
		const startFails = async () => {
			throw new Error('could not create the execution (database unreachable)');
		};

		/** A start of the execution that waits until the test lets it finish or fail. */
		function heldStart() {
			let release!: (fail?: boolean) => void;
			const decided = new Promise<boolean>((resolve) => (release = (fail = false) => resolve(fail)));
			return {
				start: async () => {
					if (await decided) await startFails();
				},
				release,
			};
		}

		it('runs Hamsa\'s re-send of an event whose execution n8n failed to start (500), and ignores the copy after that', async () => {
			const event = callEnded(newCallId());
			const failed = await trigger({ body: event, startExecution: startFails });
			expect(failed.status).toBe(500);
			const resent = await trigger({ body: { ...event } });
			expect(resent.status).toBe(200);
			expect(resent.body).toEqual({ received: true });
			expect(resent.workflowData).toHaveLength(1);
			const again = await trigger({ body: { ...event } });
			expect(again.body).toEqual({ received: true, ignored: 'repeated delivery' });
		});

		it('makes a copy that arrives while the first is being started wait: ignored once the first was taken over', async () => {
			const event = callEnded(newCallId());
			const held = heldStart();
			const first = trigger({ body: event, startExecution: held.start });
			const copy = trigger({ body: { ...event } });
			let copyAnswered = false;
			void copy.then(() => (copyAnswered = true));
			await sleep(50);
			expect(copyAnswered).toBe(false);
			held.release();
			expect((await first).workflowData).toHaveLength(1);
			expect((await copy).body).toEqual({ received: true, ignored: 'repeated delivery' });
		});

		it('... and runs that copy when the first one\'s start failed', async () => {
			const event = callEnded(newCallId());
			const held = heldStart();
			const first = trigger({ body: event, startExecution: held.start });
			const copy = trigger({ body: { ...event } });
			await sleep(50);
			held.release(true);
			expect((await first).status).toBe(500);
			const second = await copy;
			expect(second.status).toBe(200);
			expect(second.workflowData).toHaveLength(1);
		});

		it('of several copies waiting for a failed first one, exactly one runs', async () => {
			const event = callEnded(newCallId());
			const held = heldStart();
			const first = trigger({ body: event, startExecution: held.start });
			const copies = [trigger({ body: { ...event } }), trigger({ body: { ...event } }), trigger({ body: { ...event } })];
			await sleep(50);
			held.release(true);
			expect((await first).status).toBe(500);
			const answers = await Promise.all(copies);
			expect(answers.map((run) => run.status)).toEqual([200, 200, 200]);
			expect(answers.filter((run) => run.workflowData !== undefined)).toHaveLength(1);
		});
	});

	describe('leaves test events (the editor\'s "Listen for test event") out of the repeat log', () => {
		it('runs the same test event every time', async () => {
			const event = callEnded(newCallId());
			for (let i = 0; i < 2; i++) expect((await trigger({ mode: 'manual', body: { ...event } })).workflowData).toHaveLength(1);
		});

		it('a test event does not block the production delivery of the same event', async () => {
			const event = callEnded(newCallId());
			expect((await trigger({ mode: 'manual', body: event })).workflowData).toHaveLength(1);
			const production = await trigger({ body: { ...event } });
			expect(production.body).toEqual({ received: true });
			expect(production.workflowData).toHaveLength(1);
		});

		it('a production delivery does not block a test event of the same event', async () => {
			const event = callEnded(newCallId());
			expect((await trigger({ body: event })).workflowData).toHaveLength(1);
			expect((await trigger({ mode: 'manual', body: { ...event } })).workflowData).toHaveLength(1);
		});
	});
});

describe('Hamsa Trigger → repeated deliveries across n8n processes and restarts (queue mode: several webhook processes and workers, one database)', () => {
	/** A fresh module registry: another n8n process, with its own memory; only n8n's database is shared. */
	function anotherProcess(): typeof trigger {
		let isolated: typeof import('../../harness/runWebhook') | undefined;
		jest.isolateModules(() => {
			isolated = jest.requireActual<typeof import('../../harness/runWebhook')>('../../harness/runWebhook');
		});
		return (options = {}) => {
			const { parameters, ...rest } = options;
			return isolated!.runWebhook({
				node: 'hamsaTrigger',
				parameters: { authKey: 'Bearer', authSecret: SECRET, ...parameters },
				headers: { 'Content-Type': 'application/json', Authorization: GOOD_AUTH },
				...rest,
			});
		};
	}

	/** One delivery as n8n handles it: a webhook process answers, then (if it started one) the execution runs. */
	async function deliver(
		process: typeof trigger,
		event: object,
		workflowId: string,
		more: { parameters?: INodeParameters; mode?: 'webhook' | 'manual' | 'retry'; storeFails?: Error } = {},
	) {
		const parameters = { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'], ...more.parameters };
		const answer = await process({ body: event, workflowId, parameters: more.parameters });
		const execution = answer.workflowData
			? await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData, workflowId, mode: more.mode, storeFails: more.storeFails })
			: undefined;
		return { answer, execution };
	}

	it('gives every delivery a deliveryId: the same for the same event in any process, another for another event', async () => {
		const event = callEnded(newCallId());
		const here = await trigger({ body: event, workflowId: 'ids-here' });
		const there = await anotherProcess()({ body: event, workflowId: 'ids-there' });
		const other = await trigger({ body: callEnded(newCallId()), workflowId: 'ids-here' });
		const id = here.workflowData![0][0].json.deliveryId;
		expect(there.workflowData![0][0].json.deliveryId).toBe(id);
		expect(other.workflowData![0][0].json.deliveryId).not.toBe(id);
	});

	it('runs the next node for the first copy, and records its deliveryId in n8n\'s database for this trigger node', async () => {
		const event = callEnded(newCallId());
		const { answer, execution } = await deliver(trigger, event, 'first-copy');
		expect(answer.body).toEqual({ received: true });
		expect(execution!.status).toBe('success');
		expect(execution!.nextNodeItems).toHaveLength(1);
		expect(execution!.triggerItems.map((item) => item.json.callId)).toEqual([event.callId]);
		expect(recordedValues('first-copy', 'under-test')).toEqual([answer.workflowData![0][0].json.deliveryId]);
	});

	it('a copy reaching another webhook process is accepted there, but its execution ends at the trigger: the next node does not run', async () => {
		const event = callEnded(newCallId());
		const first = await deliver(trigger, event, 'two-processes');
		const second = await deliver(anotherProcess(), { ...event }, 'two-processes');
		expect(first.execution!.nextNodeItems).toHaveLength(1);
		expect(second.answer.status).toBe(200);
		expect(second.answer.body).toEqual({ received: true });
		expect(second.execution!.status).toBe('success');
		expect(second.execution!.triggerItems).toEqual([]);
		expect(second.execution!.nextNodeItems).toBeUndefined();
	});

	it('after every process restarted (memory gone, database kept), the same event stops at the trigger; a new event runs', async () => {
		const event = callEnded(newCallId());
		await deliver(trigger, event, 'restarted');
		const restarted = anotherProcess();
		expect((await deliver(restarted, event, 'restarted')).execution!.nextNodeItems).toBeUndefined();
		expect((await deliver(restarted, callEnded(newCallId()), 'restarted')).execution!.nextNodeItems).toHaveLength(1);
	});

	it('keeps each trigger node\'s record apart: the same event runs once in each of two workflows', async () => {
		const event = callEnded(newCallId());
		expect((await deliver(trigger, event, 'record-a')).execution!.nextNodeItems).toHaveLength(1);
		expect((await deliver(anotherProcess(), event, 'record-b')).execution!.nextNodeItems).toHaveLength(1);
		expect((await deliver(anotherProcess(), event, 'record-a')).execution!.nextNodeItems).toBeUndefined();
	});

	it('lets a test event from the editor and a retried execution through even when the delivery is recorded', async () => {
		const event = callEnded(newCallId());
		const first = await deliver(trigger, event, 'deliberate');
		for (const mode of ['manual', 'retry'] as const) {
			const again = await runTriggerExecution({
				node: 'hamsaTrigger',
				parameters: { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'] },
				workflowData: first.answer.workflowData!,
				workflowId: 'deliberate',
				mode,
			});
			expect(again.nextNodeItems).toHaveLength(1);
		}
	});

	it('with Ignore Repeated Deliveries off, records nothing and every copy runs the next node', async () => {
		const event = callEnded(newCallId());
		const parameters = { options: { ignoreRepeats: false } };
		expect((await deliver(trigger, event, 'no-filter', { parameters })).execution!.nextNodeItems).toHaveLength(1);
		expect((await deliver(anotherProcess(), event, 'no-filter', { parameters })).execution!.nextNodeItems).toHaveLength(1);
		expect(recordedValues('no-filter', 'under-test')).toEqual([]);
	});

	describe('fails open when n8n\'s de-duplication store fails: the event goes on (a copy may pass, none is lost) and a warning is logged', () => {
		/** A database driver's error, as TypeORM throws it; drivers may put connection details in the message. */
		function databaseError(message: string, code: string) {
			return Object.assign(new Error(`${message} (postgres://n8n:${SECRET}@db.internal/n8n)`), { name: 'QueryFailedError', code });
		}

		it.each([
			['two executions inserting the store\'s first row at the same moment (a unique-key violation)', databaseError('duplicate key value violates unique constraint', '23505'), 'QueryFailedError (23505)'],
			['a database pool timeout', databaseError('timeout exceeded when trying to connect', 'ETIMEDOUT'), 'QueryFailedError (ETIMEDOUT)'],
			['an error without a code', new TypeError('Cannot read properties of undefined'), 'TypeError'],
		])('%s', async (_label, error, logged) => {
			const event = callEnded(newCallId());
			const { execution } = await deliver(trigger, event, 'store-fails', { storeFails: error });
			expect(execution!.status).toBe('success');
			expect(execution!.errorMessage).toBeUndefined();
			expect(execution!.triggerItems.map((item) => item.json.callId)).toEqual([event.callId]);
			expect(execution!.nextNodeItems).toHaveLength(1);
			expect(execution!.warnings).toHaveLength(1);
			expect(execution!.warnings[0]).toContain(`n8n's record of earlier deliveries could not be checked, so the event goes on unchecked and may be a repeat: ${logged}`);
			expect(execution!.warnings[0]).not.toContain(SECRET);
		});

		it('once the store works again, a copy of that event is let through too (nothing was recorded), and later copies stop at the trigger', async () => {
			const event = callEnded(newCallId());
			await deliver(trigger, event, 'store-back', { storeFails: databaseError('connection terminated', '57P01') });
			expect((await deliver(anotherProcess(), event, 'store-back')).execution!.nextNodeItems).toHaveLength(1);
			expect((await deliver(anotherProcess(), event, 'store-back')).execution!.nextNodeItems).toBeUndefined();
		});
	});

	it('keeps pairedItem on what it passes on', async () => {
		const { execution } = await deliver(trigger, callEnded(newCallId()), 'paired');
		expect(execution!.triggerItems[0].pairedItem).toEqual({ item: 0 });
	});
});
