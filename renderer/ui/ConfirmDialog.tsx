import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { HostError } from '../../shared/result';
import { ErrorAlert } from './Alerts';

/** `body` says more than the title's question, when there is more to say. */
export type ConfirmContent = {
  title: string;
  body?: string;
  confirmLabel: string;
  /** The other button (*Annuler* when not given). */
  cancelLabel?: string;
  danger: boolean;
};

/**
 * The body of an "are you sure?" dialog. The error of a failed call is shown here, and the
 * dialog stays open; while the call runs (`isBusy`) nothing can be clicked twice.
 */
export function ConfirmBody({
  content,
  isBusy,
  error,
  onConfirm,
  onCancel,
}: {
  content: ConfirmContent;
  isBusy: boolean;
  error: HostError | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      {content.body !== undefined && <Text>{content.body}</Text>}
      {error && <ErrorAlert error={error} title={t('admin.common.errorTitle')} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={isBusy} data-autofocus>
          {content.cancelLabel ?? t('admin.common.cancel')}
        </Button>
        <Button color={content.danger ? 'red' : undefined} loading={isBusy} onClick={onConfirm}>
          {content.confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * A whole confirmation dialog. `onConfirm` makes the call and returns its error (shown, dialog
 * kept open) or null (the caller closes the dialog). It cannot be closed while the call runs.
 */
export function ConfirmDialog({
  opened,
  content,
  onConfirm,
  onClose,
  onExited,
  returnFocus = true,
}: {
  opened: boolean;
  content: ConfirmContent | null;
  onConfirm: () => Promise<HostError | null>;
  onClose: () => void;
  onExited?: () => void;
  /** False when the caller moves the focus itself once the dialog closes. */
  returnFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | null>(null);

  const close = () => {
    if (isBusy) return;
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const failure = await onConfirm();
    setBusy(false);
    setError(failure);
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      onExitTransitionEnd={onExited}
      title={content?.title}
      closeButtonProps={{ 'aria-label': t('admin.common.close'), disabled: isBusy }}
      closeOnClickOutside={!isBusy}
      closeOnEscape={!isBusy}
      returnFocus={returnFocus}
    >
      {content && (
        <ConfirmBody
          content={content}
          isBusy={isBusy}
          error={error}
          onCancel={close}
          onConfirm={() => {
            void confirm();
          }}
        />
      )}
    </Modal>
  );
}
