/**
 * The summary sheet of a handover ceremony, in the user's language, in the format of the
 * Fondation's communiqués: when, where, presided by whom, with which partners; how many
 * beneficiaries (women, men); equipment "d'une valeur totale de … dirhams", in figures and in
 * words; then the figures by sector and by préfecture/province, and the list of beneficiaries.
 *
 * Every figure is read from the ceremony file: `file.summary` (computed once by `summaryOf`, the
 * same object the ceremony screen shows) and each entry's `valueCentimes`. Nothing is re-added
 * here, so the sheet cannot disagree with the screen.
 */
import type { ReactNode } from 'react';
import type { Sector } from '../../../shared/agr/incomeProject';
import type { Language } from '../../../shared/i18n/language';
import { formatAmount } from '../../../shared/money/money';
import { amountInWords } from '../../../shared/money/words';
import { findDistrictPrefecture, findPrefectureByCode } from '../../../shared/reference/administrative';
import type { CeremonyEntry, CeremonyFile } from '../../db/ceremonyRepository';
import { formatDate } from '../../i18n/format';
import { printDocument } from '../printDocument';
import { ArabicDate, type CentreName } from './handoverReceipt';
import { printStrings, type PrintStrings } from './printStrings';
import { arabicProseName, latinName } from '../../../shared/beneficiary/displayName';

export type CeremonySummaryInput = {
  /** The ceremony as loaded for its screen (only these parts are read). */
  file: Pick<CeremonyFile, 'ceremony' | 'entries' | 'summary'>;
  centreName: CentreName;
  /** The user's language: the sheet is in one language. */
  language: Language;
};

/** The summary sheet as a complete HTML document, for the `print:pdf` channel. */
export function ceremonySummaryHtml({ file, centreName, language }: CeremonySummaryInput): string {
  const strings = printStrings[language];
  return printDocument({
    language,
    title: `${strings.summary.title} — ${formatDate(file.ceremony.date, language)}`,
    header: `${strings.fondation} — ${strings.indh}`,
    body: <CeremonySummaryDocument file={file} centreName={centreName} language={language} />,
    css: summaryCss,
  });
}

const summaryCss = `
html { font-size: 10pt; line-height: 1.4; }
h2 { margin: 5mm 0 2mm; }
table { margin: 0 0 3mm; }
th, td { padding: 0.9mm 2mm; }
.date[dir='rtl'] { direction: rtl; }
.letterhead { margin: 0 0 4mm; font-size: 9.5pt; line-height: 1.35; }
.letterhead strong { display: block; }
.title { text-align: center; margin: 0 0 4mm; }
.title h1 { margin: 0; font-size: 15pt; }
.title p { margin: 0; font-size: 11pt; }
table.facts th { background: #f2f2f2; width: 32%; }
.lead { border: 1pt solid #000; padding: 2mm 3mm; margin: 3mm 0 1mm; }
.lead p { margin: 0; }
/* A figures table is a few rows: never split, never a total row alone on the next page. */
section.figures { break-inside: avoid; }
table.figures { font-size: 9.5pt; }
table.figures col.number { width: 30mm; }
table.figures col.amount { width: 40mm; }
table.figures tr.total th, table.figures tr.total td { background: #f2f2f2; font-weight: 700; }
table.people { font-size: 8.5pt; }
table.people th, table.people td { padding: 0.8mm 1.5mm; }
table.people td.n { width: 7mm; text-align: center; }
table.people td.receipt { white-space: nowrap; }
table.people tr.unsigned td.receipt { font-weight: 700; }
.note { font-size: 8.5pt; color: #333; }
/* Amounts always carry two decimals: aligned on their right edge, units and centimes line up,
   in an Arabic table too (the digits run left to right there as well). */
html[dir='rtl'] td.amount, html[dir='rtl'] td.number, html[dir='rtl'] th.amount, html[dir='rtl'] th.number { text-align: right; }
`;

function prefectureLabel(code: string, strings: PrintStrings, language: Language, districtCode = ''): string {
  if (code === '') return strings.prefectureNotGiven;
  const district = districtCode === '' ? undefined : findDistrictPrefecture(districtCode);
  if (district)
    return language === 'ar'
      ? `${strings.prefectureKind.district} ${district.name.ar}`
      : `${district.name.fr} (${strings.prefectureKind.district})`;
  const prefecture = findPrefectureByCode(code);
  if (!prefecture) return code;
  return language === 'ar'
    ? `${strings.prefectureKind[prefecture.kind]} ${prefecture.name.ar}`
    : `${prefecture.name.fr} (${strings.prefectureKind[prefecture.kind]})`;
}

function sectorLabel(sector: Sector | '', strings: PrintStrings): string {
  return sector === '' ? strings.notGiven : strings.sector[sector];
}

function nameOf(entry: CeremonyEntry, language: Language): string {
  const { beneficiary } = entry;
  const arabic = arabicProseName(beneficiary);
  if (language === 'ar' && arabic !== '') return arabic;
  return latinName(beneficiary);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

/** A table of count and value by a key (sector, préfecture), with its total row. */
function FiguresTable({
  caption,
  keyHeading,
  rows,
  strings,
  language,
  total,
}: {
  caption: string;
  keyHeading: string;
  rows: readonly { key: string; label: string; count: number; valueCentimes: number }[];
  strings: PrintStrings;
  language: Language;
  total: { count: number; valueCentimes: number };
}) {
  return (
    <section className="figures">
      <h2>{caption}</h2>
      <table className="figures">
        <colgroup>
          <col />
          <col className="number" />
          <col className="amount" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{keyHeading}</th>
            <th scope="col" className="number">
              {strings.summary.count}
            </th>
            <th scope="col" className="amount">
              {strings.summary.value}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.label}</td>
              <td className="number">{row.count}</td>
              <td className="amount">{formatAmount(row.valueCentimes, language)}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">{strings.summary.total}</th>
            <td className="number">{total.count}</td>
            <td className="amount">{formatAmount(total.valueCentimes, language)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function CeremonySummaryDocument({ file, centreName, language }: CeremonySummaryInput) {
  const strings = printStrings[language];
  const { ceremony, entries, summary } = file;
  const s = strings.summary;
  const signed = entries.filter((entry) => entry.receipt !== undefined).length;
  const total = { count: summary.beneficiaries, valueCentimes: summary.totalCentimes };
  const totalInFigures = `${formatAmount(summary.totalCentimes, language)} ${s.lead.currency}`;
  return (
    <>
      <header className="letterhead">
        <strong>{strings.fondation}</strong>
        {centreName[language]}
      </header>

      <div className="title">
        <h1>{s.title}</h1>
        <p>{s.subtitle}</p>
      </div>

      <table className="facts">
        <tbody>
          <Fact label={strings.ceremony.date}>
            {language === 'ar' ? <ArabicDate value={ceremony.date} /> : formatDate(ceremony.date, 'fr')}
          </Fact>
          <Fact label={strings.ceremony.place}>
            <bdi>{ceremony.place}</bdi>
          </Fact>
          {ceremony.prefectureCode !== '' && (
            <Fact label={strings.ceremony.prefecture}>
              {prefectureLabel(ceremony.prefectureCode, strings, language)}
            </Fact>
          )}
          {ceremony.presidingAuthority.trim() !== '' && (
            <Fact label={strings.ceremony.presidingAuthority}>
              <bdi>{ceremony.presidingAuthority}</bdi>
            </Fact>
          )}
          {ceremony.partnersPresent.trim() !== '' && (
            <Fact label={strings.ceremony.partners}>
              <bdi>{ceremony.partnersPresent}</bdi>
            </Fact>
          )}
          <Fact label={s.beneficiaries}>
            <strong className="number">{summary.beneficiaries}</strong> ({s.women(summary.women)}
            {language === 'ar' ? '، ' : ', '}
            {s.men(summary.men)})
          </Fact>
          <Fact label={s.totalValue}>
            <strong className="amount">{totalInFigures}</strong>
          </Fact>
        </tbody>
      </table>

      <section className="lead">
        <p>
          {s.lead.start} <strong className="amount">{totalInFigures}</strong> (
          {amountInWords(summary.totalCentimes, language)}) {s.lead.beneficiaries(summary.beneficiaries)}.
        </p>
      </section>

      <FiguresTable
        caption={s.bySector}
        keyHeading={s.sector}
        rows={summary.bySector.map((row) => ({
          key: row.sector,
          label: sectorLabel(row.sector, strings),
          count: row.count,
          valueCentimes: row.valueCentimes,
        }))}
        strings={strings}
        language={language}
        total={total}
      />

      <FiguresTable
        caption={s.byPrefecture}
        keyHeading={s.prefecture}
        rows={summary.byPrefecture.map((row) => ({
          key: `${row.prefectureCode}/${row.districtCode}`,
          label: prefectureLabel(row.prefectureCode, strings, language, row.districtCode),
          count: row.count,
          valueCentimes: row.valueCentimes,
        }))}
        strings={strings}
        language={language}
        total={total}
      />

      <section>
        <h2>{s.list}</h2>
        <table className="people">
          <thead>
            <tr>
              <th scope="col">{strings.receipt.number}</th>
              <th scope="col">{s.name}</th>
              <th scope="col">{s.project}</th>
              <th scope="col">{s.sector}</th>
              <th scope="col" className="amount">
                {s.value}
              </th>
              <th scope="col">{s.receipt}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={entry.line.id} className={entry.receipt ? undefined : 'unsigned'}>
                <td className="n">{index + 1}</td>
                <td>{nameOf(entry, language)}</td>
                <td>
                  <bdi>{entry.project.title}</bdi>
                </td>
                <td>
                  {sectorLabel(entry.project.sector, strings)}
                  {entry.project.sector === 'autre' && entry.project.sectorOther.trim() !== '' && (
                    <>
                      {' ('}
                      <bdi>{entry.project.sectorOther.trim()}</bdi>
                      {')'}
                    </>
                  )}
                </td>
                <td className="amount">{formatAmount(entry.valueCentimes, language)}</td>
                <td className="receipt">
                  {entry.receipt === undefined
                    ? s.notSigned
                    : entry.receipt.version > 1
                      ? s.signedVersion(entry.receipt.version)
                      : s.signed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="note">{s.signedCount(signed, entries.length)}</p>
      </section>
    </>
  );
}
