<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Ferry::AboutDialog</name>
    <message>
        <source>About Ferry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Ferry %1&lt;/h2&gt;&lt;p&gt;Migrates virtual machines from VMware ESXi and vCenter to KVM (libvirt):&lt;br&gt;many connections, byte-exact verified disks, resumable copies.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::DonePage</name>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened to each VM, where its files are, and what inspection found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open fol&amp;der</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 VM(s) migrated, %2 failed. Each report.json says what is left on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2), SHA-256 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain XML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts the defined libvirt domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An output directory holds a domain XML, not a defined domain; define it with virsh define first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::FerryWizard</name>
    <message>
        <source>Ferry — VMware to KVM migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::FingerprintDialog</name>
    <message>
        <source>Unknown certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate of %1 is not signed by an authority this system trusts. ESXi hosts usually have such self-signed certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate of %1 changed.&lt;/b&gt; It is not the one you trusted before. Trust the new one only if the host was reinstalled or its certificate renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted before:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare it with the fingerprint shown on the host&apos;s console or in its web client before you trust it. Ferry remembers a trusted certificate for this host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust and connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::KeyringPassword</name>
    <message>
        <source>The password was not remembered: no system keyring is available (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available (%1); enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was not remembered: the system keyring is not available or refused it (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring could not be read (%1); enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::MigrationController</name>
    <message>
        <source>Pausing: stopping the transfer and keeping what was copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming: fetching only what is still missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the migration once the pause has released everything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the migration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the paused migration and removing its partial disks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: paused; the copied data is kept for resuming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused. Resume continues from where the copy stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::ProgressPage</name>
    <message>
        <source>%1 MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disks are copied, checked and turned into KVM domains. You can pause and resume at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM / disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops the transfer and keeps what was copied; Resume fetches only what is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops the transfer and removes the partial disks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking and inspecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2, about %3 left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused. The copied data is kept; Resume continues where the copy stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>All %n VM(s) migrated.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 VM(s) migrated, %2 failed. The next page shows what happened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::SourceConnector</name>
    <message>
        <source>Remembered certificates could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is trusted for now but could not be remembered: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::SourcePage</name>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the VMware ESXi host or vCenter that runs the virtual machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection cancelled; not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;VMware ESXi or vCenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in &amp;lab (demo source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local ESXi imitation with a few small Linux VMs, to try Ferry without a real host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>esxi01.example.com, 10.0.0.5:443 or https://vcenter.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used when the host field names no port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>root, or administrator@vsphere.local for vCenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember password in the system &amp;keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is stored only in the system keyring, never in a file or profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user name to log in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the built-in lab. The first start builds its guest images and may take a few minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in to the lab…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the inventory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: %n virtual machine(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for your decision about the certificate of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate refused; not connected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::StartPage</name>
    <message>
        <source>Welcome to Ferry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ferry copies virtual machines from VMware ESXi or vCenter to KVM: it reads the disks over several connections, writes them exactly, checks them and defines the libvirt domains.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a &amp;new migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat a &amp;saved profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ferry profiles (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::SummaryPage</name>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the plan. Starting the migration cannot be undone from this wizard, but it can be paused and resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify: read every disk back and compare it with what was fetched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inspect the guests after copying (operating system, drivers, risks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the &amp;domains when they are defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as &amp;profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n disk(s), %2)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Networks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 connections, %2 requests each, %3 chunks, at most %4 of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 of every disk in the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-back verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>guest inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain defined in libvirt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain XML written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the built-in lab (demo ESXi host on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output directory %1, %2 disks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libvirt %1, storage pool %2, %3 disks</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 to read in %n disk(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1; run the network check on the Tuning page for a time estimate. Zero blocks cost little time, so thin disks usually go faster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; about %2 at the measured %3/s (zero blocks go faster).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ferry profiles (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1 (without the password).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::TargetPage</name>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the migrated VMs go, in which format, and which networks they join.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Local libvirt (qemu:///system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other libvirt &amp;connection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output &amp;directory (disks, domain XML and report):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disks and networks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage &amp;pool:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raw (sparse, fastest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>qcow2 (snapshots, thin on any filesystem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk &amp;format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best the host offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM (hardware virtualisation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU (emulation, slow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Networks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading storage pools and networks of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network %1 (inactive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bridge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (inactive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected disks are %1 provisioned; %2 is free here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero blocks are not written, so thin disks may still fit, but check before starting.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::ThroughputChart</name>
    <message>
        <source>Seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections 1 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::TuningPage</name>
    <message>
        <source>Tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the copy uses the network. The defaults suit most ESXi hosts; the network check measures yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel HTTPS connections to the source. ESXi limits each connection, so several together are faster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Requests per connection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range requests kept waiting on each connection, so no round trip is idle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hunk size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes per range request. Larger chunks mean fewer requests; smaller ones repeat less after a dropped connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory budget (cache):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upper bound for data held in memory on its way to disk, whatever the size of the disks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path MTU, Range support, TLS cost and a short read test with 1 to 16 connections (about half a minute).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the network to %1 by reading %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network check finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Use %n connection(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::VmTableModel</name>
    <message>
        <source>Powered off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Powered on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI, Secure Boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n disk(s), %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 virtual CPUs, %2 cores per socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3 provisioned (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current snapshot: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Blocked (%n problem(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready, %n warning(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest OS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Networks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ferry::VmsPage</name>
    <message>
        <source>Virtual machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the virtual machines to migrate. Problems that stop a VM are listed below the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name or guest OS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all &amp;shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy powered-on VMs an&amp;yway (crash-consistent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A running VM keeps writing while its disks are copied: the copy is like after a power failure. Shut VMs down for a clean copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;indings for the current VM:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found on this source, so not selected: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select at least one virtual machine to migrate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n virtual machine(s) selected.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be migrated: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n more selected VM(s) blocked)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Select a row to see what Ferry found about that VM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found: this VM can be migrated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
