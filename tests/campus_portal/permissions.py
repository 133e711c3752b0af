from tests.permission_table import Row, everyone, logged_in, visitors_only

ROWS = [
    # Site pages and machines.
    Row("home", everyone(200)),
    Row("campus", everyone(200)),
    Row("help", everyone(200)),
    Row("privacy", everyone(200)),
    Row("accessibility", everyone(200)),
    Row("healthz", everyone(200)),
    Row("set_language", everyone(405)),  # a POST-only action
    # allauth: entrance.
    Row("account_login", visitors_only()),
    Row("account_signup", visitors_only()),
    Row("account_logout", {**logged_in(200), "visitor": 302}),
    Row("account_inactive", everyone(200)),
    Row("account_email_verification_sent", everyone(200)),
    Row("account_reset_password", everyone(200)),
    Row("account_reset_password_done", everyone(200)),
    Row("account_reset_password_from_key_done", everyone(200)),
    # A wrong or used key shows "this link is not valid", never someone's account.
    Row("account_confirm_email", everyone(200), {"key": "not-a-real-key"}),
    Row(
        "account_reset_password_from_key",
        everyone(200),
        {"uidb36": "1", "key": "not-a-real-key"},
    ),
    # Only in the middle of a login or reauthentication by code.
    Row("account_confirm_login_code", everyone(302)),
    Row("account_request_reauthentication_code", logged_in()),
    Row("account_confirm_reauthentication_code", logged_in(302)),
    # allauth: account management.
    Row("account_email", logged_in()),
    Row("account_change_password", logged_in()),
    Row("account_set_password", logged_in(302)),  # every account has a password
    Row("account_reauthenticate", logged_in()),
    Row("usersessions_list", logged_in()),
    Row("mfa_index", logged_in()),
    Row("mfa_authenticate", everyone(302)),  # only during a login that asks for it
    # Staff have a second factor (they must, for the admin); the others have none.
    Row("mfa_reauthenticate", {**logged_in(302), "staff": 200}),
    Row("mfa_activate_totp", logged_in(302)),  # asks to reauthenticate first
    # Without a second factor there are no authenticator or codes to show.
    Row("mfa_deactivate_totp", {**logged_in(404), "staff": 302}),  # asks the password first
    Row("mfa_view_recovery_codes", logged_in(404)),
    Row("mfa_generate_recovery_codes", logged_in(302)),
    Row("mfa_download_recovery_codes", logged_in(404)),
]

ROWS += [
    Row("account_data", logged_in()),
    Row("account_data_export", logged_in()),
    Row("account_delete", logged_in(405)),  # a POST-only action
]

ROWS += [
    # The staff dashboard sits beside the admin: the admin's login for everyone but staff.
    Row("admin_dashboard", {**everyone(302), "staff": 200}),
    # The admin's own pages are left to Django's admin; its index is in the table.
    Row("admin:index", {**everyone(302), "staff": 200}),
]
