import { useEffect, useRef } from 'react';
import type { ConsultedPart } from '../../shared/audit/auditEvents';
import { useRepositories } from './RepositoryContext';

/**
 * Records a consultation (consultationRepository.ts) for each person whose judicial data the
 * calling screen shows — `beneficiaryIds`, empty while it shows none — once per person for as long
 * as the screen stays open: re-renders, live re-reads and edits record nothing more; closing the
 * screen and opening it again records again. Persons that appear later (a pulled detention record)
 * are recorded when they appear.
 */
export function useRecordConsultations(beneficiaryIds: readonly string[], what: ConsultedPart): void {
  const { consultations } = useRepositories();
  const recorded = useRef(new Set<string>());
  // One string for the effect's dependency: a new array of the same persons is no change.
  const key = [...new Set(beneficiaryIds)].sort().join(' ');
  useEffect(() => {
    for (const id of key === '' ? [] : key.split(' ')) {
      if (recorded.current.has(id)) continue;
      // Marked before the write: a second run of the effect (React's strict mode) must not record twice.
      recorded.current.add(id);
      void consultations.record(id, what).then(
        (isRecorded) => {
          if (!isRecorded) recorded.current.delete(id);
        },
        () => {
          recorded.current.delete(id);
        },
      );
    }
  }, [consultations, key, what]);
}
