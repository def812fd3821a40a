/**
 * The standalone executable's entry point: what bin/tlstop.js is to the npm package.
 * scripts/exe/bundle.ts bundles it, with everything it imports, into one ES module.
 */

// Ink connects to React's devtools when DEV=true, reading its own package.json from disk
// first. The executable holds neither (react-devtools-core is an optional peer of Ink that
// tlstop does not install), and tlstop starts no child processes, so the switch is dropped.
delete process.env['DEV'];

const { main } = await import('../../src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
