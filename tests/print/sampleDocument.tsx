/**
 * A bilingual sample printed by the PDF tests: a French table, an Arabic table of people, amounts
 * in Moroccan notation, Latin digits and codes inside Arabic sentences, a signature image. Long
 * enough for exactly two A4 pages.
 */
import type { Language } from '../../shared/i18n/language';

export const sampleHeader = 'Fondation Mohammed VI pour la Réinsertion des Détenus — مؤسسة محمد السادس لإدماج السجناء';

/** A 48 × 16 grey PNG of a wavy line, standing for a scanned signature. */
const signaturePng =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAQCAAAAAB1xaNtAAAAWklEQVR42q2SUQ6AIAxD3/0vjTEY57CFGeGvfWkDbLSPhw0BXAknQdk60gHKlQlDLuOdMODWRfBQDiTfilS0Ls3Z0rVTIN6PGtQImP29AgRww0Xt0mR//m7rAZDniJRidlxfAAAAAElFTkSuQmCC';

const items = [
  ['Machine à coudre industrielle', '3', '12.500,00', '37.500,00'],
  ['Kit d’outillage de menuiserie', '2', '4.250,50', '8.501,00'],
  ['Ordinateur portable et imprimante', '1', '9.990,00', '9.990,00'],
  ['Lot de tissus (coton, lin)', '12', '310,00', '3.720,00'],
  ['Four professionnel de pâtisserie', '1', '18.400,00', '18.400,00'],
];

const people = [
  ['محمد بنعلي', 'الدار البيضاء', '1.121.215,07 د.م.'],
  ['فاطمة الزهراء العلوي', 'المحمدية', '45.300,00 د.م.'],
  ['يوسف الإدريسي', 'برشيد', '12.750,50 د.م.'],
  ['خديجة بنسعيد', 'سطات', '8.900,00 د.م.'],
  ['عبد الرحيم التازي', 'الجديدة', '23.410,25 د.م.'],
];

/** Rows enough to carry the document onto a second page. */
const repeat = <T,>(rows: T[], times: number): T[] => Array.from({ length: times }, () => rows).flat();

function FrenchSection() {
  return (
    <section lang="fr" dir="ltr">
      <h1>Procès-verbal de remise (exemple)</h1>
      <p>
        Centre d’accompagnement post-carcéral de Casablanca. Dossier CASA-2026-K7QX3-0042, remise du 14/03/2026 à M.
        Mohamed Benali (محمد بنعلي).
      </p>
      <table>
        <thead>
          <tr>
            <th>Désignation</th>
            <th className="number">Quantité</th>
            <th className="amount">Valeur unitaire (DH)</th>
            <th className="amount">Montant (DH)</th>
          </tr>
        </thead>
        <tbody>
          {repeat(items, 4).map(([label, quantity, unit, amount], index) => (
            <tr key={index}>
              <td>{label}</td>
              <td className="number">{quantity}</td>
              <td className="amount">{unit}</td>
              <td className="amount">{amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Arrêté le présent procès-verbal à la somme de <span className="amount">1.121.215,07 DH</span> (un million cent
        vingt et un mille deux cent quinze dirhams et sept centimes).
      </p>
    </section>
  );
}

function ArabicSection() {
  return (
    <section lang="ar" dir="rtl">
      <h2>محضر التسليم</h2>
      <p>
        تسلم السيد محمد بنعلي، رقم الملف CASA-2026-K7QX3-0042، ما مجموعه 3 آلات بقيمة{' '}
        <span className="amount">1.121.215,07 د.م.</span> بتاريخ <span className="date">2026-03-14</span>.
      </p>
      <table>
        <thead>
          <tr>
            <th>الاسم الكامل</th>
            <th>المدينة</th>
            <th className="amount">المبلغ</th>
          </tr>
        </thead>
        <tbody>
          {repeat(people, 4).map(([name, city, amount], index) => (
            <tr key={index}>
              <td>{name}</td>
              <td>{city}</td>
              <td className="amount">{amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        التوقيع: <img src={signaturePng} alt="" style={{ width: '40mm', height: '12mm' }} />
      </p>
    </section>
  );
}

/** The document's own language comes first. */
export function SampleDocument({ language }: { language: Language }) {
  return language === 'ar' ? (
    <>
      <ArabicSection />
      <FrenchSection />
    </>
  ) : (
    <>
      <FrenchSection />
      <ArabicSection />
    </>
  );
}
