'use strict';
// Figures the benchmark scripts print: percentiles of timings and counts by kind.

/** The nearest-rank percentile (p in 0..100) of the values; NaN when there are none. */
function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The middle value (the mean of the two middle ones for an even count); NaN when there are none. */
function median(values) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How many of the values fall under each key: {[keyOf(value)]: count}. */
function countBy(values, keyOf) {
	const counts = {};
	for (const value of values) {
		const key = keyOf(value);
		counts[key] = (counts[key] || 0) + 1;
	}
	return counts;
}

module.exports = { percentile, median, countBy };
