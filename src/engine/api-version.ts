/**
 * The API versions the simulator knows (SPEC §3). Apart from versions.ts so that every module can
 * name a version without importing the version-change machinery (which needs the request context).
 */
export const API_VERSIONS = ['2024-06-01', '2024-11-01'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ApiVersion = '2024-11-01';

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}
