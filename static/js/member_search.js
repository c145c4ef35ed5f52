'use strict';
// The portal's member picker (cppcc/org/widgets.py MemberSearchMultiple): as the user types a
// name, sector or workplace, ask the server for matching members and show them as large buttons;
// tapping one adds it to the chosen members (ticked boxes of the form, untick to leave one out).
document.querySelectorAll('.member-search').forEach((picker) => {
    const input = picker.querySelector('input[type=search]');
    const results = picker.querySelector('.results');
    const chosen = picker.querySelector('.chosen');
    const status = picker.querySelector('.status');
    let timer = null;
    let asked = 0;

    const tickedBox = (id) => chosen.querySelector(`input[value="${id}"]`);

    function choose(id, text) {
        let box = tickedBox(id);
        if (!box) {
            const item = document.createElement('li');
            const label = document.createElement('label');
            box = document.createElement('input');
            box.type = 'checkbox';
            box.name = picker.dataset.name;
            box.value = id;
            label.append(box, ' ' + text);
            item.append(label);
            chosen.append(item);
        }
        box.checked = true;
        status.textContent = picker.dataset.added.replace('%s', text);
        results.replaceChildren();
        input.value = '';
        input.focus();
    }

    function show(found) {
        const fresh = found.filter((member) => !(tickedBox(member.id) || {}).checked);
        results.replaceChildren(...fresh.map((member) => {
            const item = document.createElement('li');
            const button = document.createElement('button');
            button.type = 'button';
            button.textContent = member.text;
            button.addEventListener('click', () => choose(member.id, member.text));
            item.append(button);
            return item;
        }));
        status.textContent = fresh.length
            ? picker.dataset.found.replace('%s', fresh.length)
            : picker.dataset.none;
    }

    async function search() {
        const term = input.value.trim();
        const ask = ++asked;
        if (!term) {
            results.replaceChildren();
            status.textContent = '';
            return;
        }
        const url = new URL(picker.dataset.url, window.location.href);
        url.searchParams.set('term', term);
        const response = await fetch(url, {headers: {Accept: 'application/json'}, credentials: 'same-origin'});
        if (ask === asked && response.ok) {
            show((await response.json()).results);
        }
    }

    input.addEventListener('input', () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 250);
    });
    input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
            event.preventDefault();
            window.clearTimeout(timer);
            search();
        } else if (event.key === 'ArrowDown' && results.querySelector('button')) {
            event.preventDefault();
            results.querySelector('button').focus();
        }
    });
});
