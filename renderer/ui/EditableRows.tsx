import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group } from '@mantine/core';
import { ConfirmDialog } from './ConfirmDialog';
import { errorName, type SaveOutcome } from './sectionParts';
import { errorNotice, statusNotice, type Notice, type NoticeText } from './Notice';

/**
 * A table of rows edited in place (a project's equipment lines, its funding shares): one form open
 * at a time (adding, or editing one row), one message at a time, the focus back on the button that
 * opened a form once it closes, and removing a row after a confirmation dialog.
 */

/** The key of the *Ajouter* button among the buttons the focus goes back to. */
export const addKey = 'add';

/** What is open in the table: nothing, the add form, one row's edit form, or one row's removal. */
export type RowMode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'adding' }
  | { readonly kind: 'editing' | 'removing'; readonly id: string };

export type RowEditingState = {
  readonly mode: RowMode;
  /** The latest message of the table (one at a time). */
  readonly notice: Notice | null;
  /** The button the focus goes back to once nothing is open (`addKey` or a row id). */
  readonly refocusKey: string | null;
};

export type RowEditingEvent =
  | { readonly type: 'open'; readonly mode: RowMode }
  | { readonly type: 'close'; readonly focusKey: string; readonly message: NoticeText | null }
  /** A removal answered (`outcome`) or threw (`thrown`, its name). */
  | { readonly type: 'removed'; readonly focusKey: string; readonly outcome: SaveOutcome; readonly message: NoticeText }
  | { readonly type: 'removalFailed'; readonly reason: string }
  | { readonly type: 'notice'; readonly notice: Notice | null }
  | { readonly type: 'refocused' };

export const initialRowEditing: RowEditingState = { mode: { kind: 'idle' }, notice: null, refocusKey: null };

/** The table's steps: opening a form clears the message; closing one says what it did. */
export function rowEditingStep(state: RowEditingState, event: RowEditingEvent): RowEditingState {
  switch (event.type) {
    case 'open':
      return { ...state, mode: event.mode, notice: null };
    case 'close':
      return {
        mode: { kind: 'idle' },
        refocusKey: event.focusKey,
        notice: event.message === null ? null : statusNotice(event.message),
      };
    case 'removed': {
      const { outcome } = event;
      return {
        mode: { kind: 'idle' },
        refocusKey: event.focusKey,
        notice:
          outcome === true
            ? statusNotice(event.message)
            : errorNotice((tr) => tr(outcome === false ? 'sections.common.notFound' : outcome.refusal)),
      };
    }
    case 'removalFailed': {
      const { reason } = event;
      return {
        ...state,
        mode: { kind: 'idle' },
        notice: errorNotice((tr) => tr('sections.common.saveFailed', { reason })),
      };
    }
    case 'notice':
      return { ...state, notice: event.notice };
    case 'refocused':
      return { ...state, refocusKey: null };
  }
}

export function useRowEditing() {
  const [state, dispatch] = useReducer(rowEditingStep, initialRowEditing);
  const { mode, notice, refocusKey } = state;
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refocusKey === null || mode.kind !== 'idle') return;
    dispatch({ type: 'refocused' });
    panel.current?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(refocusKey)}"]`)?.focus();
  }, [refocusKey, mode.kind]);

  const setNotice = useCallback((next: Notice | null) => {
    dispatch({ type: 'notice', notice: next });
  }, []);
  const startAdding = useCallback(() => {
    dispatch({ type: 'open', mode: { kind: 'adding' } });
  }, []);
  const startEditing = useCallback((id: string) => {
    dispatch({ type: 'open', mode: { kind: 'editing', id } });
  }, []);
  const startRemoving = useCallback((id: string) => {
    dispatch({ type: 'open', mode: { kind: 'removing', id } });
  }, []);
  /** Closes whatever form is open; the focus goes back to `key`'s button (`addKey` or a row id). */
  const closeForm = useCallback((key: string, message: NoticeText | null) => {
    dispatch({ type: 'close', focusKey: key, message });
  }, []);
  /** Runs a removal: its message, or why it failed (nothing else changes). */
  const remove = useCallback(async (run: () => Promise<SaveOutcome>, removedMessage: NoticeText, focusKey: string) => {
    try {
      const outcome = await run();
      dispatch({ type: 'removed', focusKey, outcome, message: removedMessage });
    } catch (error) {
      dispatch({ type: 'removalFailed', reason: errorName(error) });
    }
  }, []);
  return {
    panel,
    isAdding: mode.kind === 'adding',
    editingId: mode.kind === 'editing' ? mode.id : null,
    removingId: mode.kind === 'removing' ? mode.id : null,
    notice,
    setNotice,
    startAdding,
    startEditing,
    startRemoving,
    closeForm,
    remove,
  };
}

/**
 * A row's *Modifier* and *Retirer* buttons; *Retirer* asks first (`question`, in a confirmation
 * dialog). `data-focus-key` on *Modifier* lets the panel give it the focus back, so the dialog does
 * not return the focus itself.
 */
export function RowActions({
  rowId,
  editLabel,
  removeLabel,
  question,
  confirmLabel,
  isRemoving,
  onEdit,
  onStartRemoving,
  onConfirmRemove,
  onCancelRemove,
}: {
  rowId: string;
  editLabel: string;
  removeLabel: string;
  question: string;
  confirmLabel: string;
  isRemoving: boolean;
  onEdit: () => void;
  onStartRemoving: () => void;
  /** Removes the row; how it went is the panel's notice (the dialog closes either way). */
  onConfirmRemove: () => Promise<void>;
  onCancelRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <Button variant="default" size="xs" data-focus-key={rowId} aria-label={editLabel} onClick={onEdit}>
          {t('sections.common.edit')}
        </Button>
        <Button variant="default" c="red.9" size="xs" aria-label={removeLabel} onClick={onStartRemoving}>
          {confirmLabel}
        </Button>
      </Group>
      <ConfirmDialog
        opened={isRemoving}
        content={{ title: question, confirmLabel, danger: true }}
        returnFocus={false}
        onConfirm={async () => {
          await onConfirmRemove();
          return null;
        }}
        onClose={onCancelRemove}
      />
    </>
  );
}
