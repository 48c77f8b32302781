// tap coverage map: which source files each test file's coverage counts for ([] = all, null = none).
// The network-namespace tests prove behaviour on a real kernel; they run the same code the unit tests cover,
// in long-lived processes whose block coverage V8 reports incompletely, which tap's merge then counts as
// uncovered. Coverage is the unit tests' job; the kernel tests' job is the kernel.
export default function coverageMap(testFile) {
  return /(^|\/)netns[^/]*\.test\.ts$/.test(testFile) ? null : [];
}
