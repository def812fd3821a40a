// Every UI test draws through the output stage the monitor ships with (src/ui/ink/fast-output.ts).
import { installFastOutput } from '../../src/ui/ink/install-fast-output.js';

await installFastOutput();
