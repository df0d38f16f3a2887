import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Beneficiary } from '../../shared/beneficiary/beneficiary';
import { createBeneficiaryRepository, type BeneficiaryRepository } from './beneficiaryRepository';
import { openUserDatabase } from './database';

/** The repositories of the signed-in user's database, and the live hooks screens read through. */
type Repositories = { beneficiaries: BeneficiaryRepository };

const RepositoryContext = createContext<Repositories | null>(null);

export function RepositoryProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const db = useMemo(() => openUserDatabase(userId), [userId]);
  useEffect(
    () => () => {
      db.close();
    },
    [db],
  );
  const repositories = useMemo(() => ({ beneficiaries: createBeneficiaryRepository(db) }), [db]);
  return <RepositoryContext.Provider value={repositories}>{children}</RepositoryContext.Provider>;
}

export function useRepositories(): Repositories {
  const repositories = useContext(RepositoryContext);
  if (!repositories) throw new Error('useRepositories outside RepositoryProvider');
  return repositories;
}

/** Live list: re-renders whenever a beneficiary is written, in this tab or another. */
export function useBeneficiaries(): Beneficiary[] | undefined {
  const { beneficiaries } = useRepositories();
  return useLiveQuery(() => beneficiaries.list(), [beneficiaries]);
}
