/** The parts of the *Synchronisation* screen, which the status bar and the dialog link to. */
export type SyncSection = 'journal' | 'review' | 'rejections';

export const syncSections: readonly SyncSection[] = ['journal', 'review', 'rejections'];

export function toSyncSection(value: string | null): SyncSection {
  return syncSections.find((section) => section === value) ?? 'journal';
}
