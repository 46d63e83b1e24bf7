/**
 * YAML 1.1's implicit resolvers as PyYAML applies them: the plain scalars that read back as
 * something other than a string (booleans, floats, ints, merge keys, nulls, timestamps, values).
 * The dumper quotes a string that matches one; the loader reads floats and ints with them.
 */

/** One pattern per YAML 1.1 implicit type, in PyYAML's order. */
export const RESOLVES_TO_NON_STRING: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

/** PyYAML's float resolver (`1.0`, `1e+5`, `.inf`, `1:30.5`). */
export const YAML_FLOAT = RESOLVES_TO_NON_STRING[1]!;

/** PyYAML's int resolver (`0b1`, `017`, `0x1f`, `1:30`, decimals). */
export const YAML_INT = RESOLVES_TO_NON_STRING[2]!;
