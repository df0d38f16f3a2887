import { useCallback, useState } from 'react';
import { useHost } from '../../host/HostContext';
import { errorNotice, statusNotice, type Notice } from '../../ui/Notice';

/**
 * Prints a self-contained document (renderer/print) through the host: in the desktop app a PDF
 * saved where the user chooses (`save`) or sent to a printer (`print`); in the browser, its print
 * dialog. Says how it ended; a failure never loses anything (the records are untouched).
 */
export function usePrint() {
  const host = useHost();
  const [isPrinting, setPrinting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const print = useCallback(
    async (html: string, fileName: string, action: 'save' | 'print') => {
      setPrinting(true);
      setNotice(null);
      try {
        const result = await host['print:pdf']({ html, fileName, action });
        if (!result.ok) {
          const code = result.error.code;
          setNotice(errorNotice((t) => t(`hostErrors.${code}`)));
          return;
        }
        const answer = result.value;
        if (answer.outcome === 'saved') {
          const path = answer.path;
          setNotice(statusNotice((t) => t('ceremonies.printing.saved', { path })));
        } else if (answer.outcome === 'cancelled') setNotice(statusNotice((t) => t('ceremonies.printing.cancelled')));
        else setNotice(statusNotice((t) => t('ceremonies.printing.started')));
      } catch {
        setNotice(errorNotice((t) => t('hostErrors.print-failed')));
      } finally {
        setPrinting(false);
      }
    },
    [host],
  );
  return { print, isPrinting, notice, setNotice };
}
