/** The thinboot version, reported by --version and the admin API. Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
