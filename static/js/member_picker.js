'use strict';
// The admin's member pickers (cppcc/org/widgets.py): select2 boxes that search the members of the
// committee named by another field of the form, and empty themselves when that field changes.
{
    const $ = django.jQuery;

    $(function() {
        $('.member-picker').each(function(i, element) {
            const scope = document.getElementById(element.dataset.scope);
            $(element).select2({
                ajax: {
                    url: element.dataset.url,
                    delay: 250,
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        [element.dataset.param]: scope ? scope.value : ''
                    })
                }
            });
            if (scope) {
                scope.addEventListener('change', () => $(element).val(null).trigger('change'));
            }
        });
    });
}
