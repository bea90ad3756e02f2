// The KPI table sorted in place: a click on a column head sorts the rows by that column (the
// figure each cell carries in data-value) without reloading, as the link's ?sort=&dir= would on
// the server; provinces without a figure stay last either way, ties in code order. The address
// is updated, so a reload, a bookmark or the XLSX link give the same order.
(() => {
  const table = document.getElementById('kpi-table');
  if (!table) return;
  const body = table.tBodies[0];
  const heads = Array.from(table.querySelectorAll('thead th'));
  const links = heads.map((th) => th.querySelector('a[data-sort]'));
  const exportLink = document.getElementById('kpi-export');
  const form = document.getElementById('period-form');

  const cellValue = (row, index) => row.cells[index]?.getAttribute('data-value') ?? '';
  const byCode = (a, b) => cellValue(a, 0).localeCompare(cellValue(b, 0));

  function compare(index, text, sign) {
    return (a, b) => {
      const x = cellValue(a, index);
      const y = cellValue(b, index);
      if (x === '' || y === '') return (x === '' ? 1 : 0) - (y === '' ? 1 : 0) || byCode(a, b);
      const d = text ? x.localeCompare(y, 'vi') : Number(x) - Number(y);
      return sign * d || byCode(a, b);
    };
  }

  function setParams(url, sort, dir) {
    const u = new URL(url, location.href);
    u.searchParams.set('sort', sort);
    u.searchParams.set('dir', dir);
    return u.pathname + u.search;
  }

  function sortBy(index, dir) {
    const link = links[index];
    const sort = link.getAttribute('data-sort');
    const rows = Array.from(body.rows);
    rows.sort(compare(index, sort === 'province' || sort === 'code', dir === 'asc' ? 1 : -1));
    for (const row of rows) body.appendChild(row);
    heads.forEach((th, i) => {
      const a = links[i];
      if (!a) return;
      const mark = a.querySelector('.sort-mark');
      if (mark) mark.remove();
      const own = a.getAttribute('data-sort');
      if (i === index) {
        th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
        const span = document.createElement('span');
        span.className = 'sort-mark';
        span.setAttribute('aria-hidden', 'true');
        span.textContent = dir === 'asc' ? ' ▲' : ' ▼';
        a.appendChild(span);
        a.href = setParams(a.href, own, dir === 'asc' ? 'desc' : 'asc');
      } else {
        th.removeAttribute('aria-sort');
        a.href = setParams(a.href, own, a.getAttribute('data-first'));
      }
    });
    history.replaceState(null, '', setParams(location.href, sort, dir));
    if (exportLink) exportLink.href = setParams(exportLink.href, sort, dir);
    if (form) {
      for (const [name, value] of [
        ['sort', sort],
        ['dir', dir],
      ]) {
        let input = form.querySelector(`input[type="hidden"][name="${name}"]`);
        if (!input) {
          input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          form.appendChild(input);
        }
        input.value = value;
      }
    }
  }

  links.forEach((a, index) => {
    if (!a) return;
    a.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      sortBy(index, new URL(a.href, location.href).searchParams.get('dir') ?? 'asc');
    });
  });
})();
