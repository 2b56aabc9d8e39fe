/**
 * What a declared parameter accepts, as data: every spec built by params.ts carries one, so the
 * parameter tables can be read by more than the parser (the exported request-parameter types are
 * generated from them, and so can a reference or an OpenAPI description be).
 */
export type ParamSchema =
  | { readonly type: 'string'; readonly nullable: boolean; readonly maxLength: number }
  | { readonly type: 'enum'; readonly nullable: boolean; readonly values: readonly string[] }
  | { readonly type: 'integer'; readonly nullable: boolean; readonly min?: number | undefined; readonly max?: number | undefined }
  | { readonly type: 'boolean'; readonly nullable: boolean }
  | { readonly type: 'hash'; readonly nullable: boolean; readonly fields: Readonly<Record<string, ParamField>> }
  | { readonly type: 'array'; readonly nullable: boolean; readonly items: ParamSchema; readonly maxItems: number }
  /** `{ key: value }` with string values; a key set to null is deleted (reference §9.5). */
  | { readonly type: 'metadata'; readonly nullable: boolean; readonly maxKeys: number; readonly keyLength: number; readonly valueLength: number }
  /** One of several forms (`created`: an integer or a range hash). */
  | { readonly type: 'oneOf'; readonly nullable: boolean; readonly of: readonly ParamSchema[] };

/** A field of a hash: whether it must be sent, and what it accepts. */
export interface ParamField {
  readonly required: boolean;
  readonly schema: ParamSchema;
}
