/// `/static/app.js`: progressive enhancement only; every page works without it.
/// Quantity changes in the cart submit themselves, and the checkout's error summary gets focus.
enum Script {
    static let source = """
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll(".quantity-form").forEach(function (form) {
        var input = form.querySelector("input[name=quantity]");
        var button = form.querySelector("button");
        if (!input || !button) return;
        button.classList.add("visually-hidden");
        input.addEventListener("change", function () {
          if (input.checkValidity()) form.submit();
        });
      });
      var errors = document.getElementById("errors");
      if (errors) errors.focus();
    });
    """
}
