/**
 * A badge whose label wraps instead of being cut ("Accès judic…"): the statuses that say what
 * awaits someone's action are sentences, in narrow table columns, and longer in Arabic.
 */
export const wrappingBadge = {
  root: { height: 'auto', paddingBlock: 2, maxWidth: '14rem', borderRadius: 'var(--mantine-radius-sm)' },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;
