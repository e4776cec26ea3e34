import { useState } from 'react';
import type { Programme } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { ExportButtons } from './ExportButtons.tsx';

/**
 * The KPI report's exports for a period (docs/exports.md), for the レポート dashboard to mount: the
 * figures as Excel or CSV (through ExportButtons: progress, cancel) and the 実績報告 summary as a PDF.
 */
export function KpiExportButtons({
  from,
  to,
  programme,
}: {
  from: string;
  to: string;
  programme?: Programme;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const period = { from, to, ...(programme ? { programme } : {}) };

  const printPdf = async () => {
    setBusy(true);
    setMessage('');
    try {
      const printed = await call('exports.printKpiReport', period);
      setMessage(printed.saved ? t('exports:pdfSaved', { file: printed.fileName }) : t('exports:notSaved'));
    } catch (e) {
      setMessage(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kpi-exports">
      <ExportButtons targets={[{ kind: 'kpi', filters: period }]} />
      <button type="button" className="kpi-pdf" onClick={() => void printPdf()} disabled={busy}>
        {busy ? t('exports:printing') : t('exports:pdf')}
      </button>
      {message ? <p role="status">{message}</p> : null}
    </div>
  );
}
