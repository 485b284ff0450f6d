import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

/** Test-only start node: outputs the items given in its `items` parameter, like a Manual Trigger with pinned data. */
export class TestItemsNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'items',
		group: ['trigger'],
		version: 1,
		description: 'Outputs fixed items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			// Per item, its binary properties as n8n keeps them in memory ({data: base64, mimeType, fileName}).
			{ displayName: 'Binary', name: 'binary', type: 'json', default: '[]' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | object[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as object[];
		const rawBinary = this.getNodeParameter('binary', 0, '[]') as string | object[];
		const binary = (typeof rawBinary === 'string' ? JSON.parse(rawBinary) : rawBinary) as Array<INodeExecutionData['binary']>;
		// An item's "$binary" is its binary data too: { <field>: { data: <base64>, mimeType, fileName } }.
		return [
			items.map((entry, index) => {
				const { $binary, ...json } = entry as { $binary?: INodeExecutionData['binary'] };
				const files = $binary ?? binary[index];
				return { json: json as INodeExecutionData['json'], ...(files ? { binary: files } : {}) };
			}),
		];
	}
}
