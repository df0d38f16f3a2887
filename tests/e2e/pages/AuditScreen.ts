import { expect, type Locator, type Page } from '@playwright/test';

export type AuditLabels = {
  tab: string;
  heading: string;
  person: string;
  kind: string;
  search: string;
  reset: string;
  export: string;
  tableLabel: string;
  filtersLabel: string;
};

export const frenchAuditLabels: AuditLabels = {
  tab: 'Audit',
  heading: 'Journal d’audit',
  person: 'Personne',
  kind: 'Catégorie',
  search: 'Rechercher',
  reset: 'Effacer les filtres',
  export: 'Exporter en CSV',
  tableLabel: 'Entrées du journal d’audit',
  filtersLabel: 'Filtres du journal',
};

export const arabicAuditLabels: AuditLabels = {
  tab: 'التدقيق',
  heading: 'سجل التدقيق',
  person: 'الشخص',
  kind: 'الفئة',
  search: 'بحث',
  reset: 'مسح المرشحات',
  export: 'تصدير بصيغة CSV',
  tableLabel: 'قيود سجل التدقيق',
  filtersLabel: 'مرشحات السجل',
};

/** The *Audit* screen of an administrator, driven through its filters as a person does. */
export class AuditScreen {
  readonly chain: Locator;
  readonly filters: Locator;
  readonly list: Locator;
  readonly rows: Locator;
  readonly matched: Locator;

  constructor(
    readonly page: Page,
    readonly labels: AuditLabels = frenchAuditLabels,
  ) {
    this.chain = page.getByTestId('audit-chain');
    this.filters = page.getByRole('form', { name: labels.filtersLabel });
    this.list = page.getByRole('table', { name: labels.tableLabel });
    this.rows = this.list.locator('tbody tr');
    this.matched = page.getByTestId('audit-matched');
  }

  withLabels(labels: AuditLabels): AuditScreen {
    return new AuditScreen(this.page, labels);
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: this.labels.tab }).click();
    await expect(this.page.getByRole('heading', { name: this.labels.heading, level: 2 })).toBeVisible();
  }

  /** Rows of one event type (`data-type`). */
  rowsOf(type: string): Locator {
    return this.list.locator(`tbody tr[data-type="${type}"]`);
  }

  async filterByPerson(text: string): Promise<void> {
    await this.filters.getByRole('textbox', { name: this.labels.person }).fill(text);
  }

  async filterByKind(option: string): Promise<void> {
    await this.filters.getByRole('combobox', { name: this.labels.kind, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** *Rechercher*, then waits for the answer (the status line says how many entries). */
  async search(): Promise<void> {
    await this.filters.getByRole('button', { name: this.labels.search }).click();
  }
}
