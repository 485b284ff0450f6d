/**
 * The GitHub Actions workflows: CI runs exactly what .ci/run runs, and a
 * version tag publishes to npm with provenance, as n8n's verification needs.
 */
import { parse } from 'yaml';

import { readRepoFile, readRepoJson } from '../harness/repoFiles';
import { candidateVersions, harnessPackageJson } from '../e2e/latest';

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on': string;
	container?: unknown;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const readWorkflow = (name: string) => parse(readRepoFile(`.github/workflows/${name}`)) as Workflow;

/** The shell lines a script runs, without comments, the shebang, `set` and the `cd` to the repository. */
function commandLines(script: string): string[] {
	return script
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
		.filter((line) => !/^set -/.test(line) && !/^cd "\$\(dirname/.test(line));
}

const runLines = (job: Job) => job.steps.filter((step) => step.run).flatMap((step) => commandLines(step.run as string));

describe('.github/workflows/ci.yml', () => {
	const ci = readWorkflow('ci.yml');
	const [jobName] = Object.keys(ci.jobs);
	const job = ci.jobs[jobName];

	it('runs on pushes to main and on pull requests', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
	});

	it('has one job that checks out the repository first', () => {
		expect(Object.keys(ci.jobs)).toHaveLength(1);
		expect(job.steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
	});

	it('runs the commands of .ci/run, in the same order, and nothing else', () => {
		const ciRun = commandLines(readRepoFile('.ci/run'));
		expect(ciRun).toContain('npm ci --no-audit --no-fund');
		expect(runLines(job)).toEqual(ciRun);
	});

	it('runs the test command the README gives a newcomer, and the README gives the demo command too', () => {
		const readme = readRepoFile('README.md');
		const development = readme.slice(readme.indexOf('\n## Development\n'));
		const commands = [...development.matchAll(/^(npm [^#\n]+?)\s*#/gm)].map((match) => match[1]);
		expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
		expect(commandLines(readRepoFile('.ci/run'))).toContain('npm test');
	});

	it('covers install, build, strict lint, the scanner, unit tests, both e2e stages and the editor suite', () => {
		const lines = runLines(job);
		for (const command of [
			'npm ci --no-audit --no-fund',
			'npm run build',
			'npm run lint',
			'npm run scan',
			'npm test',
			'npm run test:e2e',
			'npm run test:e2e:queue',
			'npm run test:ui',
		]) {
			expect(lines).toContain(command);
		}
	});

	it('runs on the machine .ci/run is written for: Debian with Node 20, as root', () => {
		expect(job.container).toMatch(/^node:20-bookworm$/);
	});
});

describe('.github/workflows/e2e-latest.yml', () => {
	const latest = readWorkflow('e2e-latest.yml');
	const jobs = Object.values(latest.jobs);
	const pkg = readRepoJson('package.json') as { scripts: Record<string, string> };

	it('runs weekly on a schedule, and by hand', () => {
		expect(Object.keys(latest.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
		const [{ cron }] = latest.on.schedule as Array<{ cron: string }>;
		// minute hour * * weekday: once a week
		expect(cron).toMatch(/^\d{1,2} \d{1,2} \* \* [0-6]$/);
	});

	it('only reads the code', () => {
		expect(latest.permissions).toEqual({ contents: 'read' });
	});

	it('installs as CI does, on the same machine, then runs npm run test:e2e:latest', () => {
		expect(jobs).toHaveLength(1);
		const [job] = jobs;
		expect(job.container).toBe(readWorkflow('ci.yml').jobs.ci.container);
		expect(job.steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
		expect(runLines(job)).toEqual(['npm ci --no-audit --no-fund', 'npm run test:e2e:latest']);
	});

	it('npm run test:e2e:latest builds and runs test/e2e/latest.js, which names the n8n version in the step summary', () => {
		expect(pkg.scripts['test:e2e:latest']).toBe('npm run build && node test/e2e/latest.js');
		const script = readRepoFile('test/e2e/latest.js');
		expect(script).toMatch(/GITHUB_STEP_SUMMARY/);
		expect(script).toMatch(/::error title=n8n \$\{version\}::/);
	});
});

describe('test/e2e/latest.js picks the newest 2.x', () => {
	it('tries stable 2.x releases, newest first, never pre-releases or 1.x', () => {
		expect(candidateVersions(['1.123.81', '2.9.0', '2.41.1', '2.41.3', '2.10.2', '2.42.0-rc.1', '3.0.0-beta.1', '2.41.10'])).toEqual([
			'2.41.10',
			'2.41.3',
			'2.41.1',
			'2.10.2',
			'2.9.0',
		]);
	});

	it('installs it with the overrides of the pinned harness', () => {
		const pinned = readRepoJson('test/e2e/n8n/package.json') as { overrides: unknown };
		const written = harnessPackageJson('2.99.0');
		expect(written.dependencies).toEqual({ n8n: '2.99.0' });
		expect(written.overrides).toEqual(pinned.overrides);
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = readWorkflow('publish.yml');
	const jobs = Object.values(publish.jobs);
	const steps = jobs.flatMap((job) => job.steps);
	const publishSteps = steps.filter((step) => /\bnpm publish\b/.test(step.run ?? ''));

	it('runs only for a version tag', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push).toEqual({ tags: ['v*.*.*'] });
	});

	it('may request the OIDC token npm signs provenance with, and nothing more than reading the code', () => {
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	it('publishes once, with provenance, publicly, with the token from the repository secrets', () => {
		expect(publishSteps).toHaveLength(1);
		const [step] = publishSteps;
		expect(step.run).toMatch(/--provenance\b/);
		expect(step.run).toMatch(/--access public\b/);
		expect(step.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	});

	it('runs on a GitHub-hosted runner outside a container (npm makes provenance only there)', () => {
		for (const job of jobs) {
			expect(job['runs-on']).toMatch(/^ubuntu-/);
			expect(job.container).toBeUndefined();
		}
	});

	it('sets up Node for the npm registry and installs with npm ci before publishing', () => {
		const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		const install = steps.findIndex((step) => step.run === 'npm ci --no-audit --no-fund');
		expect(install).toBeGreaterThan(-1);
		expect(install).toBeLessThan(steps.indexOf(publishSteps[0]));
	});

	it('refuses a tag that is not the package version', () => {
		const check = steps.find((step) => /GITHUB_REF_NAME/.test(step.run ?? ''));
		expect(check?.run).toMatch(/require\('\.\/package\.json'\)\.version/);
		expect(check?.run).toMatch(/exit 1/);
		expect(steps.indexOf(check as Step)).toBeLessThan(steps.indexOf(publishSteps[0]));
	});
});

describe('package.json publishing guards', () => {
	const pkg = readRepoJson('package.json') as {
		scripts: Record<string, string>;
		publishConfig?: Record<string, unknown>;
		n8n: { strict?: boolean };
	};

	it('prepublishOnly runs the strict lint, the unit tests (which type-check test/ and build) and the scanner checks', () => {
		const steps = pkg.scripts.prepublishOnly.split('&&').map((part) => part.trim());
		expect(steps).toEqual(['npm run lint', 'npm test', 'npm run scan']);
		expect(pkg.scripts.lint).toBe('n8n-node lint');
		// ts-jest runs with diagnostics off, so tsc is what type-checks the tests; jest runs under
		// Node 24 (test/run-jest.js), as n8n-core and n8n-workflow 2.x need.
		const testSteps = pkg.scripts.test.split('&&').map((part) => part.trim());
		expect(testSteps.slice(0, 3)).toEqual(['tsc -p test/tsconfig.json --noEmit', 'npm run build', 'node test/run-jest.js']);
	});

	it('asks npm for provenance on every publish, so a publish from outside GitHub Actions fails', () => {
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	it('is in n8n-node strict mode, with eslint.config.mjs exactly node-cli’s default', () => {
		expect(pkg.n8n.strict).toBe(true);
		const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
		expect(normalise(readRepoFile('eslint.config.mjs'))).toBe(
			normalise(readRepoFile('node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs')),
		);
	});
});
