"""Reports as spreadsheets: one writer for CSV and XLSX, used by every app.

A report is a list of sheets, each ``(title, header, rows)``. Every cell that comes from
people's typing is neutralised against spreadsheet formulas.
"""

import csv
import io


def safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas; make such text plain."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(sheets) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    several = len(sheets) > 1
    for title, header, rows in sheets:
        if several:
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
        if several:
            writer.writerow([])
    return "\ufeff" + buffer.getvalue()  # the mark tells spreadsheet programs it is UTF-8


def to_xlsx(sheets) -> bytes:
    # Imported here: a worker that never writes a spreadsheet does not hold openpyxl in memory.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
