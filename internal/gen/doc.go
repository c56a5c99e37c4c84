// Package gen generates synthetic, deterministic test data for performance
// measurements: catalogue files, municipalities with institutions, wave
// plans, and whole databases built through the app's own use cases.
//
// Everything generated is marked as such: municipality codes are G001…
// (real codes have three digits), names begin with "Genereret", and the
// catalogue says in its header, programme description and every task that
// it is synthetic. The same arguments (in particular the same seed) always
// give the same data.
//
// The default Options build the one-million-instance programme used by
// BenchmarkOverview1M (see docs/performance.md):
//
//	98 municipalities × (50 municipality tasks + 100 institution tasks × 102 institutions)
//	= 98 × 10,250 = 1,004,500 task instances
package gen
