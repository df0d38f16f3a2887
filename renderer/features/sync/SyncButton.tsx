import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Loader, Modal, Tooltip, VisuallyHidden } from '@mantine/core';
import { useSession } from '../../auth/SessionContext';
import { useSync } from '../../sync/SyncContext';
import { useLanguage } from '../../ui/useLanguage';
import { SyncDialogBody, type SyncRunState } from './SyncDialog';
import type { SyncSection } from './syncSections';

/**
 * *Synchroniser* (header) and its dialog. The run lives here, not in the dialog: the dialog may
 * be closed while the sync goes on (the status bar says so), and the button stays disabled until it
 * ends. Disabled means
 * `aria-disabled` (still focusable, with its reason as description and tooltip), not `disabled`,
 * so a keyboard user can find out why.
 */
export function SyncButton({ onNavigate }: { onNavigate: (section: SyncSection) => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { hasServerSession } = useSession();
  const sync = useSync();
  const [isOpen, setOpen] = useState(false);
  const [state, setState] = useState<SyncRunState>({ kind: 'preview', preview: 'loading' });
  const isRunning = state.kind === 'running' || sync.status?.isSyncing === true;
  const hintId = useId();
  // The run and preview answers are for the latest request only.
  const request = useRef(0);

  const reason = !hasServerSession ? t('sync.button.offlineHint') : isRunning ? t('sync.button.runningHint') : null;

  const open = useCallback(() => {
    setOpen(true);
    const ticket = ++request.current;
    setState({ kind: 'preview', preview: 'loading' });
    sync.preview().then(
      (preview) => {
        if (request.current === ticket) setState({ kind: 'preview', preview });
      },
      () => {
        if (request.current === ticket) setState({ kind: 'preview', preview: 'failed' });
      },
    );
  }, [sync]);

  const start = useCallback(() => {
    const ticket = ++request.current;
    setState({ kind: 'running', progress: null });
    sync
      .run((progress) => {
        if (request.current === ticket) setState({ kind: 'running', progress });
      })
      .then(
        (receipt) => {
          if (request.current === ticket) setState({ kind: 'done', receipt });
        },
        () => {
          if (request.current === ticket) setState({ kind: 'crashed', code: 'internal' });
        },
      );
  }, [sync]);

  const close = () => {
    setOpen(false);
  };

  return (
    <>
      <Tooltip label={reason} disabled={reason === null} withinPortal>
        <Button
          size="xs"
          onClick={() => {
            if (reason === null) open();
          }}
          data-disabled={reason === null ? undefined : true}
          aria-disabled={reason === null ? undefined : true}
          aria-describedby={reason === null ? undefined : hintId}
          leftSection={isRunning ? <Loader size={12} color="gray.7" aria-hidden /> : undefined}
          data-testid="sync-button"
        >
          {isRunning ? t('sync.button.running') : t('sync.button.label')}
        </Button>
      </Tooltip>
      {reason !== null && <VisuallyHidden id={hintId}>{reason}</VisuallyHidden>}
      <Modal
        opened={isOpen}
        onClose={close}
        title={t('sync.dialog.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('sync.dialog.close') }}
      >
        <SyncDialogBody
          state={state}
          language={language}
          waiting={{ conflicts: sync.status?.openConflicts ?? 0, rejections: sync.status?.rejections ?? 0 }}
          onStart={start}
          onClose={close}
          onNavigate={(section) => {
            close();
            onNavigate(section);
          }}
        />
      </Modal>
    </>
  );
}
