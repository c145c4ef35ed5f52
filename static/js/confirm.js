'use strict';
// Confirmation before an irreversible step (撤回, 提交提案, 提交答复 …): a form or the button that
// submits it names its question in data-confirm; the browser's own dialog asks it, and the form is
// sent only when the user agrees. No inline script, so it works under the site's content-security
// policy; without JavaScript the form is sent as before.
document.addEventListener('submit', (event) => {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
});
