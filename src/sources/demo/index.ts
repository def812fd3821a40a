/**
 * The built-in demo: a seeded generator that writes a compressed mTLS rollout story
 * into log files (CloudFront connection logs as JSON and W3C, Network Firewall TLS
 * logs) and a locally signed CloudTrail digest chain, for `tlstop --demo`.
 */
export { startDemo, DEMO_FILE_NAMES, type DemoFiles, type DemoHandle, type DemoOptions } from './start-demo.js';
export { DemoGenerator, DEFAULT_DEMO_RATE, HOSTILE_BURSTS_MS, type DemoBatch, type DemoGeneratorOptions } from './generator.js';
export { storyAt, STORY_CYCLE_MS, STORY_MARKS, type StoryPhase, type StoryState } from './story.js';
export { BAD_CA_DISTRIBUTION, DISTRIBUTIONS, DROPPED_ISSUER, REVOKED_HOST, type DemoDistribution } from './cast.js';
export { OSC_TITLE, CLEAR_SCREEN } from './hostile-lines.js';
export { writeDemoChain, DEMO_TRAIL_BUCKET, type DemoChain, type DemoChainOptions } from './demo-chain.js';
