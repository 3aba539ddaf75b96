#!/bin/sh
# The CRM container's entrypoint: `trasealla <command>`, serve by default. Before serving, when
# a license key is given (TRASEALLA_LICENSE_KEY, or a file at TRASEALLA_LICENSE_FILE, by default
# the compose/Swarm secret /run/secrets/trasealla_license), it runs the idempotent
# `trasealla setup --non-interactive` first: the first start activates, later starts change
# nothing, a new key updates the license. Company and admin come from TRASEALLA_COMPANY,
# TRASEALLA_ADMIN_NAME, TRASEALLA_ADMIN_EMAIL and TRASEALLA_ADMIN_PASSWORD (or the file at
# TRASEALLA_ADMIN_PASSWORD_FILE, by default /run/secrets/trasealla_admin_password).
set -eu

if [ "$#" -eq 0 ]; then set -- serve; fi

if [ "$1" = "serve" ]; then
  license_file="${TRASEALLA_LICENSE_FILE:-/run/secrets/trasealla_license}"
  password_file="${TRASEALLA_ADMIN_PASSWORD_FILE:-/run/secrets/trasealla_admin_password}"
  if [ -n "${TRASEALLA_LICENSE_KEY:-}" ] || [ -r "$license_file" ]; then
    if [ -n "${TRASEALLA_LICENSE_KEY:-}" ]; then
      if [ -r "$password_file" ]; then
        trasealla setup --non-interactive --admin-password-file "$password_file"
      else
        trasealla setup --non-interactive
      fi
    elif [ -r "$password_file" ]; then
      trasealla setup --non-interactive --license-file "$license_file" --admin-password-file "$password_file"
    else
      trasealla setup --non-interactive --license-file "$license_file"
    fi
  fi
fi

exec trasealla "$@"
