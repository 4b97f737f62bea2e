// Sign-in form and sign-out button of the staff pages: a session cookie, then reload the page.
import { api } from "/assets/js/api.js";

const form = document.getElementById("login-form");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("login-error");
    error.hidden = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api("/auth/login", {
        method: "POST",
        body: { username: form.username.value.trim(), password: form.password.value },
      });
      window.location.reload();
    } catch (failure) {
      error.textContent = failure.status === 401 ? "Sai tên đăng nhập hoặc mật khẩu" : failure.message;
      error.hidden = false;
      button.disabled = false;
      form.password.select();
    }
  });
  // Disabled in the page until now: sent before this script runs, the form would go to the page
  // itself as a plain post instead of JSON to the API.
  form.querySelector("button[type=submit]").disabled = false;
}

for (const button of document.querySelectorAll("[data-logout]")) {
  button.addEventListener("click", async () => {
    await api("/auth/logout", { method: "POST" }).catch(() => null);
    window.location.reload();
  });
}
