namespace Ivyo.Operator.Instances;

/// <summary>Shell scripts of the instance pod's helper containers. Arguments follow the script name in <c>$0</c>.</summary>
public static class StartupScripts
{
    /// <summary>
    /// <c>ivory-startup</c>: prepares the data (and WAL) directories with the permissions PostgreSQL demands and refuses
    /// to start on a data directory of another major version. After an in-place restore the directory to prepare is
    /// <c>&lt;data&gt;_bootstrap</c>, which Patroni's <c>existing</c> bootstrap method moves in place. Arguments: the expected major version, the WAL mount path
    /// or an empty string.
    /// </summary>
    public const string Startup = """
        declare -r expected_major_version="$1" pgwal_directory="$2"
        halt() { local rc=$?; >&2 echo "$@"; exit "${rc/#0/1}"; }
        permissions() { stat -Lc '%A %u %g %n' "$@" 2>&1 || true; }

        # A restored data directory waits beside the data directory for Patroni's bootstrap to move it in place: then
        # it is the one to prepare, and the data directory must not be created (the move would go into it).
        data="${PGDATA}"
        [[ -d "${PGDATA}_bootstrap" ]] && data="${PGDATA}_bootstrap"

        # The data directory must exist and belong to this user only.
        [[ -d "${data}" ]] || install --directory --mode=0700 "${data}" ||
          halt "cannot create ${data}: $(permissions "${data%/*}")"
        [[ -O "${data}" ]] || halt "${data} is not owned by $(id -u): $(permissions "${data}")"
        chmod 0700 "${data}" || halt "cannot set permissions on ${data}"

        # Never start PostgreSQL on files of another major version.
        if [[ -f "${data}/PG_VERSION" ]]; then
          actual_major_version="$(< "${data}/PG_VERSION")"
          [[ "${actual_major_version}" == "${expected_major_version}" ]] ||
            halt "Expected PostgreSQL version ${expected_major_version}, found ${actual_major_version} in ${data}"
        fi

        # A separate WAL volume holds pg_wal in a directory per major version.
        if [[ -n "${pgwal_directory}" ]]; then
          wal="${pgwal_directory}/pg${expected_major_version}_wal"
          [[ -d "${wal}" ]] || install --directory --mode=0700 "${wal}" || halt "cannot create ${wal}"
        fi
        echo "ready: ${data}"
        """;

    /// <summary>
    /// <c>replication-cert-copy</c>: copies the replication client certificate to /tmp with mode 0600 (a Secret volume
    /// cannot give a key file to a non-root user with those permissions) and again whenever the Secret changes.
    /// </summary>
    public const string ReplicationCertCopy = """
        declare -r source=/pgconf/tls/replication target=/tmp/replication
        copy() { install -D --mode=0600 -t "${target}" "${source}"/{tls.crt,tls.key,ca.crt}; }
        checksum() { cat "${source}"/{tls.crt,tls.key,ca.crt} 2>/dev/null | md5sum; }
        copy; last="$(checksum)"
        while sleep 5; do
          current="$(checksum)"
          if [[ "${current}" != "${last}" ]]; then copy && last="${current}" && echo "replication certificate updated"; fi
        done
        """;
}
