import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { addKey, initialRowEditing, rowEditingStep, type RowEditingState } from './EditableRows';
import type { Notice } from './Notice';
import type { SaveOutcome } from './sectionParts';

const i18n = createI18n('fr');
const t = i18n.t.bind(i18n) as TFunction;
const text = (notice: Notice | null) => (notice === null ? null : { kind: notice.kind, text: notice.text(t, 'fr') });

describe('an editable rows table', () => {
  it('adds a row: the form opens with no message, closes saying what it added, focus to *Ajouter*', () => {
    const withNotice: RowEditingState = { ...initialRowEditing, notice: { kind: 'status', text: () => 'old' } };
    const adding = rowEditingStep(withNotice, { type: 'open', mode: { kind: 'adding' } });
    expect(adding.mode).toEqual({ kind: 'adding' });
    expect(adding.notice).toBeNull();
    const added = rowEditingStep(adding, { type: 'close', focusKey: addKey, message: () => 'Ligne ajoutée.' });
    expect(added.mode).toEqual({ kind: 'idle' });
    expect(added.refocusKey).toBe(addKey);
    expect(text(added.notice)).toEqual({ kind: 'status', text: 'Ligne ajoutée.' });
    expect(rowEditingStep(added, { type: 'refocused' }).refocusKey).toBeNull();
  });

  it('edits one row at a time; cancelling says nothing and gives the focus back to the row', () => {
    const adding = rowEditingStep(initialRowEditing, { type: 'open', mode: { kind: 'adding' } });
    const editing = rowEditingStep(adding, { type: 'open', mode: { kind: 'editing', id: 'r1' } });
    expect(editing.mode).toEqual({ kind: 'editing', id: 'r1' });
    const cancelled = rowEditingStep(editing, { type: 'close', focusKey: 'r1', message: null });
    expect(cancelled).toEqual({ mode: { kind: 'idle' }, notice: null, refocusKey: 'r1' });
  });

  it('removes a row after the question, or says why it could not', () => {
    const removing = rowEditingStep(initialRowEditing, { type: 'open', mode: { kind: 'removing', id: 'r1' } });
    expect(removing.mode).toEqual({ kind: 'removing', id: 'r1' });
    const removed = (outcome: SaveOutcome) =>
      rowEditingStep(removing, { type: 'removed', focusKey: addKey, outcome, message: () => 'Retirée.' });
    expect(removed(true).mode).toEqual({ kind: 'idle' });
    expect(removed(true).refocusKey).toBe(addKey);
    expect(text(removed(true).notice)).toEqual({ kind: 'status', text: 'Retirée.' });
    expect(text(removed(false).notice)).toEqual({ kind: 'error', text: t('sections.common.notFound') });
    expect(text(removed({ refusal: 'sections.common.notFound' }).notice)?.kind).toBe('error');
    const failed = rowEditingStep(removing, { type: 'removalFailed', reason: 'QuotaExceededError' });
    expect(failed.mode).toEqual({ kind: 'idle' });
    expect(text(failed.notice)?.text).toContain('QuotaExceededError');
  });
});
