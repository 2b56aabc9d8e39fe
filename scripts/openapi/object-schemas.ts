/**
 * The object schemas of the OpenAPI description, read from the TypeScript types the package
 * exports (the types merchants see): each exported interface becomes a component schema; a field
 * that can be null says so (`type: [..., 'null']`), a field that can be absent (`?`) is left out of
 * `required`. Written with the compiler's type checker, so `Pick`, `Omit` and aliases resolve.
 */
import ts from 'typescript';

export type JsonSchema = Record<string, unknown>;

/** The exported types that become components, by name. */
export function objectSchemas(entry: string, names: readonly string[]): Record<string, JsonSchema> {
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const wanted = new Set(names);
  // A named object type met inside another becomes a $ref when it is one of the components.
  const nameOf = (type: ts.Type): string | undefined => {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const name = symbol?.getName();
    return name && wanted.has(name) && !type.aliasTypeArguments ? name : undefined;
  };

  const convert = (type: ts.Type, top = false): JsonSchema => {
    const named = top ? undefined : nameOf(type);
    if (named) return { $ref: `#/components/schemas/${named}` };
    if (type.flags & ts.TypeFlags.Any || type.flags & ts.TypeFlags.Unknown) return {};
    if (type.flags & ts.TypeFlags.Null) return { type: 'null' };
    if (type.flags & ts.TypeFlags.Never) return { not: {} };
    if (type.flags & ts.TypeFlags.StringLiteral) return { type: 'string', const: (type as ts.StringLiteralType).value };
    if (type.flags & ts.TypeFlags.NumberLiteral) return { type: 'integer', const: (type as ts.NumberLiteralType).value };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: checker.typeToString(type) === 'true' };
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'integer' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isUnion()) return union(type.types);
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const args = checker.getTypeArguments(type as ts.TypeReference);
      if (checker.isTupleType(type) && args.length === 0) return { type: 'array', maxItems: 0 };
      return { type: 'array', items: args.length === 1 ? convert(args[0]!) : union(args) };
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) return object(type);
    throw new Error(`object-schemas: no schema for ${checker.typeToString(type)}`);
  };

  /** A union: literals of one kind become an enum; null becomes a nullable type; the rest anyOf. */
  const union = (members: readonly ts.Type[]): JsonSchema => {
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = members.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    // `boolean` is the union true | false.
    const booleans = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    const others = booleans.length === 2 ? rest.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral)) : rest;
    const parts: JsonSchema[] = booleans.length === 2 ? [{ type: 'boolean' }] : [];
    const strings = others.filter((t) => t.flags & ts.TypeFlags.StringLiteral).map((t) => (t as ts.StringLiteralType).value);
    if (strings.length > 0) parts.push({ type: 'string', enum: strings });
    for (const t of others.filter((t) => !(t.flags & ts.TypeFlags.StringLiteral))) parts.push(convert(t));
    if (parts.length === 1) return nullable ? orNull(parts[0]!) : parts[0]!;
    return nullable ? { anyOf: [...parts, { type: 'null' }] } : { anyOf: parts };
  };

  const orNull = (s: JsonSchema): JsonSchema => {
    if (typeof s['type'] === 'string' && !('const' in s)) return { ...s, type: [s['type'], 'null'], ...(Array.isArray(s['enum']) && { enum: [...(s['enum'] as unknown[]), null] }) };
    return { anyOf: [s, { type: 'null' }] };
  };

  const object = (type: ts.Type): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = checker.getTypeOfSymbolAtLocation(prop, declaration ?? source);
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      // An optional field's `| undefined` is dropped by union(): absence is said by `required`.
      const schema = convert(propType);
      const doc = ts.displayPartsToString(prop.getDocumentationComment(checker)).trim();
      properties[prop.name] = doc ? { ...schema, description: doc } : schema;
      if (!optional) required.push(prop.name);
    }
    const index = checker.getIndexInfosOfType(type)[0];
    const out: JsonSchema = { type: 'object', properties };
    if (required.length > 0) out['required'] = required;
    if (index) out['additionalProperties'] = index.type.flags & ts.TypeFlags.Never ? false : convert(index.type);
    else out['additionalProperties'] = false;
    return out;
  };

  const out: Record<string, JsonSchema> = {};
  for (const name of names) {
    const symbol = exported.get(name);
    if (!symbol) throw new Error(`object-schemas: ${name} is not exported from ${entry}`);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const type = checker.getDeclaredTypeOfSymbol(target);
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
    const schema = convert(type, true);
    out[name] = doc ? { ...schema, description: doc } : schema;
  }
  return out;
}
