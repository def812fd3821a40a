/**
 * The S3 source: `--s3 s3://BUCKET/PREFIX`, history by partition and following by
 * polling. See `createS3Source`.
 */
export { createS3Source, DEFAULT_S3_CONCURRENCY, s3Endpoint, type S3SourceOptions } from './s3-source.js';
export { parseS3Url, type S3Location } from './s3-url.js';
export { keyTime, partitionTime, fileNameTime, keyMayHold, type KeyTime } from './key-time.js';
export { partitionsFor, livePartitions, partitionPrefix, dateLevel, type DateRoot } from './partitions.js';
