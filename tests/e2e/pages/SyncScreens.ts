import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Page object of the sync screens: the status bar (footer), the *Synchroniser* button and dialog,
 * and the *Synchronisation* tab with its journal, *À vérifier* and *Rejets*. Labels are passed in
 * so one model serves both languages.
 */
export type SyncLabels = {
  syncButton: string;
  dialogTitle: string;
  start: string;
  close: string;
  syncTab: string;
  journalTab: RegExp;
  reviewTab: RegExp;
  rejectionsTab: RegExp;
  journalTable: string;
  keepMine: string;
  success: string;
};

export const frenchSyncLabels: SyncLabels = {
  syncButton: 'Synchroniser',
  dialogTitle: 'Synchroniser',
  start: 'Lancer',
  close: 'Fermer',
  syncTab: 'Synchronisation',
  journalTab: /^Journal$/,
  reviewTab: /^À vérifier/,
  rejectionsTab: /^Rejets/,
  journalTable: 'Journal des synchronisations',
  keepMine: 'Garder ma version',
  success: 'Synchronisation terminée',
};

export const arabicSyncLabels: SyncLabels = {
  syncButton: 'مزامنة',
  dialogTitle: 'مزامنة',
  start: 'بدء',
  close: 'إغلاق',
  syncTab: 'المزامنة',
  journalTab: /^السجل$/,
  reviewTab: /^للمراجعة/,
  rejectionsTab: /^المرفوضة/,
  journalTable: 'سجل المزامنات',
  keepMine: 'الاحتفاظ بنسختي',
  success: 'انتهت المزامنة',
};

export class SyncScreens {
  readonly statusBar: Locator;
  readonly pending: Locator;
  readonly lastSync: Locator;
  readonly connection: Locator;
  readonly conflictsLink: Locator;
  readonly button: Locator;
  readonly dialog: Locator;
  readonly preview: Locator;
  readonly outcome: Locator;
  readonly receipt: Locator;
  readonly conflicts: Locator;

  constructor(
    readonly page: Page,
    readonly labels: SyncLabels = frenchSyncLabels,
  ) {
    this.statusBar = page.getByTestId('sync-status-bar');
    this.pending = page.getByTestId('sync-pending');
    this.lastSync = page.getByTestId('sync-last');
    this.connection = page.getByTestId('sync-connection');
    this.conflictsLink = page.getByTestId('sync-conflicts-link');
    this.button = page.getByTestId('sync-button');
    this.dialog = page.getByRole('dialog', { name: labels.dialogTitle });
    this.preview = this.dialog.getByTestId('sync-preview');
    this.outcome = this.dialog.getByTestId('sync-outcome');
    this.receipt = this.dialog.getByTestId('sync-receipt');
    this.conflicts = page.getByTestId('conflict');
  }

  withLabels(labels: SyncLabels): SyncScreens {
    return new SyncScreens(this.page, labels);
  }

  /** Opens the dialog and waits for the summary of what will be sent. */
  async openDialog(): Promise<void> {
    await this.button.click();
    await expect(this.dialog).toBeVisible();
    await expect(this.preview.getByRole('button', { name: this.labels.start })).toBeEnabled();
  }

  /** *Lancer*, then waits for the receipt (or the failure). */
  async start(): Promise<void> {
    await this.preview.getByRole('button', { name: this.labels.start }).click();
    await expect(this.outcome).toBeVisible({ timeout: 20_000 });
  }

  async closeDialog(): Promise<void> {
    await this.outcome.getByRole('button', { name: this.labels.close, exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** A whole sync through the dialog; expects it to succeed. */
  async syncNow(): Promise<void> {
    await this.openDialog();
    await this.start();
    await expect(this.outcome).toHaveAttribute('data-outcome', 'ok');
    await this.closeDialog();
  }

  /** The value of one line of the receipt (`sent`, `received`, `conflicts`, `rejections`, …). */
  fact(id: string): Locator {
    return this.receipt.locator(`[data-fact="${id}"]`);
  }

  async openSyncTab(): Promise<void> {
    await this.page.getByRole('tab', { name: this.labels.syncTab, exact: true }).click();
  }

  async openSection(section: 'journal' | 'review' | 'rejections'): Promise<void> {
    await this.openSyncTab();
    const name =
      section === 'journal'
        ? this.labels.journalTab
        : section === 'review'
          ? this.labels.reviewTab
          : this.labels.rejectionsTab;
    await this.page.getByRole('tab', { name }).click();
  }

  journal(): Locator {
    return this.page.getByRole('table', { name: this.labels.journalTable });
  }
}
