'use strict';
// Harness for driving a real n8n 2.x (pinned in test/e2e/n8n) with our
// community package installed the way a user would have it. Plain CommonJS,
// Node built-ins only: the caller runs on Node 20, n8n runs on Node 24.
//
// Typical flow:
//   const h = require('./lib/n8n');
//   await h.ensureN8nInstalled({ log: console.log });
//   const ctx = await h.createUserFolder();
//   h.installPackage(ctx.userFolder, 'n8n-nodes-hottask-hamsa-0.1.0.tgz');
//   await h.importCredentials(ctx, [{ id, name, type, data }]);
//   const id = await h.importWorkflow(ctx, workflowJson);
//   const run = await h.executeWorkflow(ctx, id);          // CLI, server stopped
//   await h.publishWorkflow(ctx, webhookWorkflowId);       // server stopped
//   const server = await h.startServer(ctx);
//   const session = await h.setupOwner(server.url);
//   ...; await server.stop(); ctx.cleanup();

const install = require('./install');
const userFolder = require('./user-folder');
const pkg = require('./package');
const cli = require('./cli');
const server = require('./server');
const rest = require('./rest');

module.exports = {
	ensureN8nInstalled: install.ensureN8nInstalled,
	createUserFolder: userFolder.createUserFolder,
	freePort: userFolder.freePort,
	installPackage: pkg.installPackage,
	runN8n: cli.runN8n,
	importCredentials: cli.importCredentials,
	importWorkflow: cli.importWorkflow,
	publishWorkflow: cli.publishWorkflow,
	unpublishWorkflow: cli.unpublishWorkflow,
	executeWorkflow: cli.executeWorkflow,
	nodeOutput: cli.nodeOutput,
	parseRunOutput: cli.parseRunOutput,
	newId: cli.newId,
	startServer: server.startServer,
	createSession: rest.createSession,
	restRequest: rest.restRequest,
	login: rest.login,
	setupOwner: rest.setupOwner,
	testCredential: rest.testCredential,
	listExecutions: rest.listExecutions,
	getExecution: rest.getExecution,
	waitForExecutions: rest.waitForExecutions,
	getNodeTypes: rest.getNodeTypes,
	DEFAULT_OWNER: rest.DEFAULT_OWNER,
	paths: { NODE_BIN: install.NODE_BIN, N8N_BIN: install.N8N_BIN, N8N_DIR: install.N8N_DIR, NODE24_DIR: install.NODE24_DIR },
};
