import { expect, type Locator, type Page } from '@playwright/test';

/** Page object of the beneficiaries screen; labels are passed in so one model serves both languages. */
export type Labels = {
  newButton: string;
  lastName: string;
  firstName: string;
  lastNameArabic: string;
  firstNameArabic: string;
  female: string;
  male: string;
  dateOfBirth: string;
  cin: string;
  phone: string;
  region: string;
  /** The region chosen when a person does not name one. */
  defaultRegion: string;
  prefecture: string;
  district: string;
  save: string;
};

export const frenchLabels: Labels = {
  newButton: 'Nouveau bénéficiaire',
  lastName: 'Nom',
  firstName: 'Prénom',
  lastNameArabic: 'Nom en arabe',
  firstNameArabic: 'Prénom en arabe',
  female: 'Femme',
  male: 'Homme',
  dateOfBirth: 'Date de naissance',
  cin: 'CIN / CNIE',
  phone: 'Téléphone',
  region: 'Région',
  defaultRegion: 'Casablanca-Settat',
  prefecture: 'Préfecture / province',
  district: 'Préfecture d’arrondissements',
  save: 'Enregistrer',
};

export const arabicLabels: Labels = {
  newButton: 'مستفيد جديد',
  lastName: 'الاسم العائلي (بالحروف اللاتينية)',
  firstName: 'الاسم الشخصي (بالحروف اللاتينية)',
  lastNameArabic: 'الاسم العائلي بالعربية',
  firstNameArabic: 'الاسم الشخصي بالعربية',
  female: 'أنثى',
  male: 'ذكر',
  dateOfBirth: 'تاريخ الازدياد',
  cin: 'رقم البطاقة الوطنية للتعريف الإلكترونية',
  phone: 'الهاتف',
  region: 'الجهة',
  defaultRegion: 'الدار البيضاء سطات',
  prefecture: 'العمالة / الإقليم',
  district: 'عمالة المقاطعات',
  save: 'تسجيل',
};

export type Person = {
  lastName: string;
  firstName: string;
  lastNameArabic?: string;
  firstNameArabic?: string;
  sex: 'F' | 'M';
  dateOfBirth: string;
  cin?: string;
  phone?: string;
  /** The region's visible name; the labels' default region when absent. */
  region?: string;
  /** The option's visible text start, e.g. "Mohammedia". */
  prefecture: string;
  /** The préfecture d'arrondissements (Casablanca only), its visible name. */
  district?: string;
};

export class BeneficiariesPage {
  readonly form: Locator;
  readonly list: Locator;
  readonly count: Locator;
  readonly serverStatus: Locator;

  constructor(
    readonly page: Page,
    readonly labels: Labels,
  ) {
    this.form = page.locator('form');
    this.list = page.getByTestId('beneficiary-list');
    this.count = page.getByTestId('beneficiary-count');
    this.serverStatus = page.getByTestId('server-status');
  }

  /** The screen after sign-in (the `signedIn` fixture), or after a reload and a new sign-in. */
  async expectShown(): Promise<void> {
    await expect(this.page.getByRole('button', { name: this.labels.newButton })).toBeVisible();
  }

  /** A field by its exact label; Mantine appends " *" to required ones. */
  field(label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.form.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
  }

  async openForm(): Promise<void> {
    await this.page.getByRole('button', { name: this.labels.newButton }).click();
    await expect(this.form).toBeVisible();
  }

  async fill(person: Person): Promise<void> {
    const l = this.labels;
    await this.field(l.lastName).fill(person.lastName);
    await this.field(l.firstName).fill(person.firstName);
    await this.field(l.lastNameArabic).fill(person.lastNameArabic ?? '');
    await this.field(l.firstNameArabic).fill(person.firstNameArabic ?? '');
    await this.form.getByRole('radio', { name: person.sex === 'F' ? l.female : l.male }).check();
    await this.field(l.dateOfBirth).fill(person.dateOfBirth);
    await this.field(l.cin).fill(person.cin ?? '');
    await this.field(l.phone).fill(person.phone ?? '');
    await this.form.getByRole('combobox', { name: l.region }).click();
    await this.page.getByRole('option', { name: person.region ?? l.defaultRegion, exact: true }).click();
    await this.form.getByRole('combobox', { name: l.prefecture }).click();
    await this.page.getByRole('option', { name: new RegExp(`^${person.prefecture}`) }).click();
    if (person.district !== undefined) {
      await this.form.getByRole('combobox', { name: l.district }).click();
      await this.page.getByRole('option', { name: person.district, exact: true }).click();
    }
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: this.labels.save }).click();
  }

  /** The text shown as the field's error (Mantine links it with aria-describedby). */
  async errorOf(label: string): Promise<string> {
    const input = this.field(label);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
    const texts = await Promise.all(ids.map((id) => this.page.locator(`[id="${id}"]`).innerText()));
    return texts.join(' ');
  }

  row(text: string): Locator {
    return this.list.getByRole('row').filter({ hasText: text });
  }
}
