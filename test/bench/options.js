'use strict';
/** `--name value` options of the benchmark scripts, with defaults. */
function numericOption(name, fallback, argv = process.argv.slice(2)) {
	const at = argv.indexOf(`--${name}`);
	return at >= 0 ? Number(argv[at + 1]) : fallback;
}

module.exports = { numericOption };
