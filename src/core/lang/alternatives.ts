// Long regular expressions written as arrays of alternatives, one a line, so a change shows in a diff.

/** A RegExp matching any of `alternatives` (each a regex source), optionally anchored by `prefix`/`suffix`. */
export function anyOf(alternatives: readonly string[], flags = '', prefix = '', suffix = ''): RegExp {
  return new RegExp(`${prefix}(?:${alternatives.join('|')})${suffix}`, flags);
}
