import { useCallback, useState } from 'react';
import type { TFunction } from 'i18next';
import { useHost } from '../../host/HostContext';

/** What a print ended with, written when shown (it follows a change of language). */
export type PrintNotice = { kind: 'status' | 'error'; text: (t: TFunction) => string };

/**
 * Prints a self-contained document (renderer/print) through the host: in the desktop app a PDF
 * saved where the user chooses (`save`) or sent to a printer (`print`); in the browser, its print
 * dialog. Says how it ended; a failure never loses anything (the records are untouched).
 */
export function usePrint() {
  const host = useHost();
  const [isPrinting, setPrinting] = useState(false);
  const [notice, setNotice] = useState<PrintNotice | null>(null);
  const print = useCallback(
    async (html: string, fileName: string, action: 'save' | 'print') => {
      setPrinting(true);
      setNotice(null);
      try {
        const result = await host['print:pdf']({ html, fileName, action });
        if (!result.ok) {
          const code = result.error.code;
          setNotice({ kind: 'error', text: (t) => t(`hostErrors.${code}`) });
          return;
        }
        const answer = result.value;
        if (answer.outcome === 'saved') {
          const path = answer.path;
          setNotice({ kind: 'status', text: (t) => t('ceremonies.printing.saved', { path }) });
        } else if (answer.outcome === 'cancelled')
          setNotice({ kind: 'status', text: (t) => t('ceremonies.printing.cancelled') });
        else setNotice({ kind: 'status', text: (t) => t('ceremonies.printing.started') });
      } catch {
        setNotice({ kind: 'error', text: (t) => t('hostErrors.print-failed') });
      } finally {
        setPrinting(false);
      }
    },
    [host],
  );
  return { print, isPrinting, notice, setNotice };
}
