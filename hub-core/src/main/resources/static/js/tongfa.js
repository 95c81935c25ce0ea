// Small progressive enhancements; every page works without them.
(function () {
  document.documentElement.classList.add('js');

  document.addEventListener('DOMContentLoaded', function () {
    // Preview tabs: show one channel at a time.
    document.querySelectorAll('.tabs [data-tab]').forEach(function (tab) {
      tab.addEventListener('click', function (event) {
        event.preventDefault();
        var card = tab.closest('section');
        card.querySelectorAll('.tabs [data-tab]').forEach(function (t) { t.classList.toggle('active', t === tab); });
        card.querySelectorAll('.tab-panel').forEach(function (panel) {
          panel.classList.toggle('active', panel.dataset.channel === tab.dataset.tab);
        });
      });
    });

    // Changing the agency of a new item reloads the form with that agency's categories and channels.
    document.querySelectorAll('select[data-reload-param]').forEach(function (select) {
      select.addEventListener('change', function () {
        var url = new URL(window.location.href);
        url.searchParams.set(select.dataset.reloadParam, select.value);
        window.location.href = url.toString();
      });
    });

    // A live character count for the Weibo text (the link is added to it when sent).
    document.querySelectorAll('textarea[data-count]').forEach(function (area) {
      var counter = document.createElement('span');
      counter.className = 'counter';
      area.parentElement.querySelector('label').appendChild(counter);
      var update = function () {
        var length = Array.from(area.value).length;
        counter.textContent = length ? length + ' / ' + area.dataset.count : '';
        counter.classList.toggle('over', length > Number(area.dataset.count));
      };
      area.addEventListener('input', update);
      update();
    });

    // A field's error messages are part of its description for screen readers, and a form that came back with
    // mistakes puts the cursor in the first field to fix.
    var firstInvalid = null;
    document.querySelectorAll('.field-errors[id^="error-"]').forEach(function (errors) {
      var name = errors.id.substring('error-'.length);
      var field = document.querySelector('[name="' + name + '"]:not([type=hidden])') || document.getElementById(name);
      if (field && field.type === 'hidden') {
        field = field.closest('fieldset');
      }
      if (!field) {
        return;
      }
      var described = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (described.indexOf(errors.id) < 0) {
        described.push(errors.id);
      }
      field.setAttribute('aria-describedby', described.join(' '));
      field.setAttribute('aria-invalid', 'true');
      firstInvalid = firstInvalid || field;
    });
    if (firstInvalid && firstInvalid.id !== 'bodyHtml' && firstInvalid.tagName !== 'FIELDSET') {
      firstInvalid.focus();
    }

    // Buttons that need a second thought.
    document.querySelectorAll('button[data-confirm]').forEach(function (button) {
      button.addEventListener('click', function (event) {
        if (!window.confirm(button.dataset.confirm)) {
          event.preventDefault();
        }
      });
    });
  });

  // A live refresh that lands on the login page means the session ended: go there instead of nesting it.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname === '/login') {
      event.detail.shouldSwap = false;
      window.location.href = '/login?expired';
    }
  });
})();
