import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Text } from '@mantine/core';
import { errorName, type SaveOutcome } from '../../../ui/sectionParts';
import { errorNotice, statusNotice, type Notice, type NoticeText } from '../../../ui/Notice';
import type { ProjectWrite } from '../../../db/incomeProjectRepository';

/**
 * What the panels of a project (equipment lines, funding shares) share: one form open at a time
 * (adding, or editing one row), one message at a time, the focus back on the button that opened a
 * form once it closes, and removing a row after an inline confirmation.
 */

/** The key of the *Ajouter* button among the buttons the focus goes back to. */
export const addKey = 'add';

export function useRowEditing() {
  const [isAdding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [removingId, setRemovingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    const key = refocus.current;
    if (key === null || isAdding || editingId !== null || removingId !== null) return;
    refocus.current = null;
    panel.current?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
  }, [isAdding, editingId, removingId]);

  const startAdding = useCallback(() => {
    setNotice(null);
    setEditingId(null);
    setRemovingId(null);
    setAdding(true);
  }, []);
  const startEditing = useCallback((id: string) => {
    setNotice(null);
    setAdding(false);
    setRemovingId(null);
    setEditingId(id);
  }, []);
  const startRemoving = useCallback((id: string) => {
    setNotice(null);
    setAdding(false);
    setEditingId(null);
    setRemovingId(id);
  }, []);
  /** Closes whatever form is open; the focus goes back to `key`'s button (`addKey` or a row id). */
  const closeForm = useCallback((key: string, message: NoticeText | null) => {
    refocus.current = key;
    setNotice(message === null ? null : statusNotice(message));
    setAdding(false);
    setEditingId(null);
    setRemovingId(null);
  }, []);
  /** Runs a removal: its message, or why it failed (nothing else changes). */
  const remove = useCallback(
    async (run: () => Promise<SaveOutcome>, removedMessage: NoticeText, focusKey: string) => {
      try {
        const outcome = await run();
        closeForm(focusKey, null);
        setNotice(
          outcome === true
            ? statusNotice(removedMessage)
            : errorNotice((tr) => tr(outcome === false ? 'sections.common.notFound' : outcome.refusal)),
        );
      } catch (error) {
        setRemovingId(null);
        const reason = errorName(error);
        setNotice(errorNotice((tr) => tr('sections.common.saveFailed', { reason })));
      }
    },
    [closeForm],
  );
  return {
    panel,
    isAdding,
    editingId,
    removingId,
    notice,
    setNotice,
    startAdding,
    startEditing,
    startRemoving,
    closeForm,
    remove,
  };
}

/** The inline "Remove X?" question of a row, with its two buttons. */
export function RemoveConfirmation({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  return (
    <Group gap="sm" role="group" aria-label={question}>
      <Text size="sm" fw={600}>
        {question}
      </Text>
      <Button color="red.8" size="xs" ref={confirm} onClick={onConfirm}>
        {confirmLabel}
      </Button>
      <Button variant="default" size="xs" onClick={onCancel}>
        {t('sections.common.cancel')}
      </Button>
    </Group>
  );
}

/**
 * A row's *Modifier* and *Retirer* buttons, or, once *Retirer* is pressed, the inline question
 * with its two buttons. `data-focus-key` on *Modifier* lets the panel give it the focus back.
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
  onConfirmRemove: () => void;
  onCancelRemove: () => void;
}) {
  const { t } = useTranslation();
  if (isRemoving)
    return (
      <RemoveConfirmation
        question={question}
        confirmLabel={confirmLabel}
        onConfirm={onConfirmRemove}
        onCancel={onCancelRemove}
      />
    );
  return (
    <Group gap="xs" wrap="nowrap">
      <Button variant="default" size="xs" data-focus-key={rowId} aria-label={editLabel} onClick={onEdit}>
        {t('sections.common.edit')}
      </Button>
      <Button variant="default" c="red.9" size="xs" aria-label={removeLabel} onClick={onStartRemoving}>
        {confirmLabel}
      </Button>
    </Group>
  );
}

/** A project write's answer as the forms take it: a refusal says why, in the user's language. */
export function projectOutcome(result: ProjectWrite<unknown>): SaveOutcome {
  if (result.ok) return true;
  return result.error === 'notFound' ? false : { refusal: `agr.writeRefused.${result.error}` };
}
