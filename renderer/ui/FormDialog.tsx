import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Modal, Stack, type ModalProps } from '@mantine/core';
import { ConfirmDialog } from './ConfirmDialog';
import classes from './FormDialog.module.css';

/** A form inside a FormDialog says whether it holds input not saved yet; outside one, nobody listens. */
const DirtyReport = createContext<((isDirty: boolean) => void) | null>(null);

/**
 * Tells the enclosing FormDialog whether the form holds input not saved yet (react-hook-form's
 * `formState.isDirty`): closing it then asks first. Does nothing outside a FormDialog.
 */
export function useFormDialogDirty(isDirty: boolean): void {
  const report = useContext(DirtyReport);
  useEffect(() => {
    report?.(isDirty);
    return () => {
      report?.(false);
    };
  }, [report, isDirty]);
}

/**
 * What a close request does: a clean form closes at once; a dirty one asks first; nothing while
 * a save runs.
 */
export function closeRequest({ isDirty, isBusy }: { isDirty: boolean; isBusy: boolean }): 'close' | 'ask' | 'ignore' {
  if (isBusy) return 'ignore';
  return isDirty ? 'ask' : 'close';
}

/** The first field of a form, where the focus goes when its dialog opens. */
const fieldSelector = [
  'input:not([type="hidden"]):not([disabled]):not([readonly])',
  'textarea:not([disabled]):not([readonly])',
  'select:not([disabled])',
  'canvas[tabindex]',
].join(', ');

/**
 * The one dialog of every form (Mantine's Modal): the title, the form's fields that scroll, its
 * actions that always stay in view (lay the form out with `FormDialogLayout`). The focus goes to the
 * first field when it opens and back to what opened it when it closes. Escape, the close button or
 * a click outside close a clean form at once, and ask *Abandonner les modifications ?* first when
 * the form reported input not saved (`useFormDialogDirty`).
 */
export function FormDialog({
  opened,
  onClose,
  onExited,
  title,
  size = 'lg',
  closeLabel,
  isBusy = false,
  closeOnClickOutside = true,
  children,
}: {
  opened: boolean;
  /** Called to close the dialog (after the question when the form is dirty). */
  onClose: () => void;
  onExited?: () => void;
  title: ReactNode;
  size?: ModalProps['size'];
  /** The close button's accessible name (*Fermer* when not given). */
  closeLabel?: string;
  /** A call runs: the dialog cannot be closed. */
  isBusy?: boolean;
  closeOnClickOutside?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [isDirty, setDirty] = useState(false);
  const [isAsking, setAsking] = useState(false);
  const content = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  // Before the dialog takes the focus: what had it, to give it back on close.
  useLayoutEffect(() => {
    if (opened && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
  }, [opened]);

  const requestClose = useCallback(() => {
    const next = closeRequest({ isDirty, isBusy });
    if (next === 'close') onClose();
    else if (next === 'ask') setAsking(true);
  }, [isDirty, isBusy, onClose]);

  const focusFirstField = () => {
    const root = content.current;
    if (!root || root.querySelector('[data-form-fields]')?.contains(document.activeElement)) return;
    root.querySelector<HTMLElement>(`[data-form-fields] :is(${fieldSelector})`)?.focus();
  };

  return (
    <>
      <Modal.Root
        opened={opened}
        onClose={requestClose}
        size={size}
        returnFocus={false}
        closeOnEscape={!isBusy && !isAsking}
        closeOnClickOutside={closeOnClickOutside && !isBusy}
        onEnterTransitionEnd={focusFirstField}
        onExitTransitionEnd={() => {
          setAsking(false);
          if (opener.current?.isConnected) opener.current.focus();
          opener.current = null;
          onExited?.();
        }}
      >
        <Modal.Overlay />
        <Modal.Content ref={content} className={classes.content}>
          <Modal.Header className={classes.header}>
            <Modal.Title>{title}</Modal.Title>
            <Modal.CloseButton aria-label={closeLabel ?? t('sections.common.close')} disabled={isBusy} />
          </Modal.Header>
          <Modal.Body className={classes.body}>
            <DirtyReport.Provider value={setDirty}>{children}</DirtyReport.Provider>
          </Modal.Body>
        </Modal.Content>
      </Modal.Root>
      <ConfirmDialog
        opened={isAsking}
        content={{
          title: t('dialog.discardTitle'),
          body: t('dialog.discardBody'),
          confirmLabel: t('dialog.discard'),
          cancelLabel: t('dialog.keepEditing'),
          danger: true,
        }}
        onConfirm={() => {
          setAsking(false);
          onClose();
          return Promise.resolve(null);
        }}
        onClose={() => {
          setAsking(false);
        }}
      />
    </>
  );
}

/**
 * A form's fields, then why the last save failed (`error`) and its buttons (`actions`): in a
 * FormDialog the fields scroll and the error and buttons stay in view at the foot; elsewhere (a
 * form in the page) one column.
 */
export function FormDialogLayout({
  error,
  actions,
  testId,
  children,
}: {
  error?: ReactNode;
  actions: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const isInDialog = useContext(DirtyReport) !== null;
  const foot = (
    <>
      {error}
      <Group justify="flex-end">{actions}</Group>
    </>
  );
  if (!isInDialog)
    return (
      <Stack gap="md" data-testid={testId}>
        {children}
        {foot}
      </Stack>
    );
  return (
    <div className={classes.layout} data-testid={testId}>
      <Stack gap="md" className={classes.fields} data-form-fields>
        {children}
      </Stack>
      <Stack gap="sm" className={classes.actions}>
        {foot}
      </Stack>
    </div>
  );
}
