/** Version of the batch file formats (operations file, proven batch file) this codec writes and reads. */
export const BATCH_FORMAT_VERSION = 1;
