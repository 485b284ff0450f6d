/**
 * Hamsa may deliver the same event twice, and in queue mode to more than one
 * n8n process: the Hamsa Trigger starts one execution per event (see
 * nodes/HamsaTrigger/deliveryLog.ts).
 */
import type { INodeParameters } from 'n8n-workflow';
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
	async function deliver(process: typeof trigger, event: object, workflowId: string, more: { parameters?: INodeParameters; mode?: 'webhook' | 'manual' | 'retry' } = {}) {
		const parameters = { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'], ...more.parameters };
		const answer = await process({ body: event, workflowId, parameters: more.parameters });
		const execution = answer.workflowData
			? await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData, workflowId, mode: more.mode })
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

	it('keeps pairedItem on what it passes on', async () => {
		const { execution } = await deliver(trigger, callEnded(newCallId()), 'paired');
		expect(execution!.triggerItems[0].pairedItem).toEqual({ item: 0 });
	});
});
