/**
 * Return All against a Hamsa that does not page as asked: a page that brings
 * nothing new ends the reading (and fails when Hamsa's own count says more
 * exist), and a list that never ends stops after MOST_PAGES pages with an error
 * instead of filling n8n's memory.
 */
import { MOST_PAGES } from '../../../nodes/HamsaVoiceCall/actions/pages';
import { failureOf } from '../../harness/expectations';
import { operationRunner, queriesOf } from '../../harness/operations';
import { useSimulator } from '../../harness/simulator';

// 5 + 150 phone numbers and 25 + 150 voice agents: more than one page of 100 each.
const context = useSimulator({ extraPhoneNumbers: 150, extraVoiceAgents: 150 });

const getNumbers = operationRunner(context, 'hamsaVoiceCall', { resource: 'phoneNumber', operation: 'getMany', simplify: false, returnAll: true });
const getAgents = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'getMany', simplify: false, returnAll: true });

describe('Return All when Hamsa ignores skip', () => {
	it('stops at the first page that repeats one already read, and outputs each entry once (a list without a total)', async () => {
		const { sim } = context;
		sim.configure({ ignorePaging: 'repeat' });
		const run = await getNumbers();
		expect(run.error).toBeUndefined();
		expect(queriesOf(sim)).toEqual([
			{ skip: '1', take: '100' },
			{ skip: '2', take: '100' },
		]);
		expect(run.items).toHaveLength(100);
		expect(new Set(run.items.map((item) => item.json.id)).size).toBe(100);
	});

	it('fails when Hamsa counts more than could be read, saying how many and why', async () => {
		const { sim } = context;
		sim.configure({ ignorePaging: 'repeat' });
		const run = await getAgents();
		const failure = failureOf(run);
		expect(failure.message).toBe('Hamsa: Page 2 of the voice agents brought only ones already read, although Hamsa counts 175; 100 could be read [item 0]');
		expect(failure.description).toContain('Hamsa seems to ignore the paging parameters.');
		expect(sim.requests).toHaveLength(2);
	});
});

describe('Return All when Hamsa never stops sending pages', () => {
	it(`stops after ${MOST_PAGES} pages with an error saying Hamsa kept sending pages`, async () => {
		const { sim } = context;
		sim.configure({ ignorePaging: 'fresh' });
		const run = await getNumbers();
		const failure = failureOf(run);
		expect(failure.message).toBe(`Hamsa: Return All stopped after ${MOST_PAGES} pages (${MOST_PAGES * 100} phone numbers): Hamsa kept sending pages [item 0]`);
		expect(failure.description).toContain('Set a Limit, or narrow the filters, to read fewer.');
		expect(sim.requests).toHaveLength(MOST_PAGES);
	}, 60_000);
});
