<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Ferry::AboutDialog</name>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Ferry %1&lt;/h2&gt;&lt;p&gt;Migrates virtual machines from VMware ESXi and vCenter to KVM (libvirt):&lt;br&gt;many connections, byte-exact verified disks, resumable copies.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Ferry %1&lt;/h2&gt;&lt;p&gt;Migriert virtuelle Maschinen von VMware ESXi und vCenter nach KVM (libvirt):&lt;br&gt;viele Verbindungen, bytegenau geprüfte Datenträger, fortsetzbare Kopien.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft unter Qt %3.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Ferry::DonePage</name>
    <message>
        <source>Done</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>What happened to each VM, where its files are, and what inspection found.</source>
        <translation>Was mit jeder VM geschehen ist, wo ihre Dateien liegen und was die Untersuchung ergeben hat.</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Open &amp;report</source>
        <translation>Be&amp;richt öffnen</translation>
    </message>
    <message>
        <source>Open fol&amp;der</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Start domain</source>
        <translation>&amp;Domäne starten</translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated.</source>
        <translation>
            <numerusform>%n VM migriert.</numerusform>
            <numerusform>%n VMs migriert.</numerusform>
        </translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Guest: %1</source>
        <translation>Gast: %1</translation>
    </message>
    <message>
        <source>%1 (%2), SHA-256 %3</source>
        <translation>%1 (%2), SHA-256 %3</translation>
    </message>
    <message>
        <source>Domain XML</source>
        <translation>Domänen-XML</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Blocker</source>
        <translation>Blocker</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Starts the defined libvirt domain.</source>
        <translation>Startet die definierte libvirt-Domäne.</translation>
    </message>
    <message>
        <source>An output directory holds a domain XML, not a defined domain; define it with virsh define first.</source>
        <translation>Ein Ausgabeverzeichnis enthält ein Domänen-XML, keine definierte Domäne; definieren Sie diese zuerst mit virsh define.</translation>
    </message>
    <message>
        <source>Starting %1...</source>
        <translation>%1 wird gestartet...</translation>
    </message>
    <message>
        <source>%1 is running.</source>
        <translation>%1 läuft.</translation>
    </message>
    <message>
        <source>%1 did not start: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>&amp;Change plan and retry</source>
        <translation>Plan ä&amp;ndern und erneut versuchen</translation>
    </message>
    <message>
        <source>Back to the target page with every choice kept: resume, overwrite or skip what this run left, change the target, and start again.</source>
        <translation>Zurück zur Zielseite, alle Entscheidungen bleiben: Was dieser Lauf hinterließ, fortsetzen, überschreiben oder überspringen, das Ziel ändern und erneut starten.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <source>No program is set up to open files here. The path: %1</source>
        <translation>Hier ist kein Programm zum Öffnen von Dateien eingerichtet. Der Pfad: %1</translation>
    </message>
    <message>
        <source>Migrate &amp;more VMs</source>
        <translation>&amp;Weitere VMs migrieren</translation>
    </message>
    <message>
        <source>Back to the VM list of the same source, with the target and settings kept.</source>
        <translation>Zurück zur VM-Liste derselben Quelle; Ziel und Einstellungen bleiben.</translation>
    </message>
    <message>
        <source>%1, %2. Each report.json says what is left on disk.</source>
        <translation>%1, %2. Die jeweilige report.json gibt an, was noch auf dem Datenträger liegt.</translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated</source>
        <translation>
            <numerusform>%n VM migriert</numerusform>
            <numerusform>%n VMs migriert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>unconfirmed</source>
        <translation>unbestätigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Boot check</source>
        <translation>Startprüfung</translation>
    </message>
    <message>
        <source>%1 after %2 s (%3)%4</source>
        <translation>%1 nach %2 s (%3)%4</translation>
    </message>
    <message>
        <source>Domain built with</source>
        <translation>Domäne gebaut mit</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s)</source>
        <translation>
            <numerusform>%n Entscheidung</numerusform>
            <numerusform>%n Entscheidungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::FerryWizard</name>
    <message>
        <source>&amp;About</source>
        <translation>Ü&amp;ber</translation>
    </message>
    <message>
        <source>Stop the migration?</source>
        <translation>Migration anhalten?</translation>
    </message>
    <message>
        <source>A migration is running. Closing stops it and removes the disks copied so far. Pause first to keep them for a later resume.</source>
        <translation>Eine Migration läuft. Schließen bricht sie ab und entfernt die bisher kopierten Datenträger. Pausieren Sie zuerst, um sie für eine spätere Fortsetzung zu behalten.</translation>
    </message>
    <message>
        <source>&amp;Stop and close</source>
        <translation>Ab&amp;brechen und schließen</translation>
    </message>
    <message>
        <source>&amp;Keep running</source>
        <translation>&amp;Laufen lassen</translation>
    </message>
    <message>
        <source>VMware to KVM migration</source>
        <translation>Migration von VMware zu KVM</translation>
    </message>
    <message>
        <source>The migration is paused. Closing keeps the disks copied so far; the start page offers to resume them next time (Unfinished migrations).</source>
        <translation>Die Migration ist angehalten. Beim Schließen bleiben die bisher kopierten Festplatten erhalten; die Startseite bietet beim nächsten Mal an, sie fortzusetzen (Unvollständige Migrationen).</translation>
    </message>
    <message>
        <source>Choose a saved profile or start a new migration.</source>
        <translation>Wählen Sie ein gespeichertes Profil oder beginnen Sie eine neue Migration.</translation>
    </message>
    <message>
        <source>Connect to the source first.</source>
        <translation>Verbinden Sie sich zuerst mit der Quelle.</translation>
    </message>
    <message>
        <source>Tick at least one VM that can be migrated.</source>
        <translation>Wählen Sie mindestens eine migrierbare VM aus.</translation>
    </message>
    <message>
        <source>Next is available once the migration has ended.</source>
        <translation>„Weiter“ ist verfügbar, sobald die Migration beendet ist.</translation>
    </message>
    <message>
        <source>Complete this page first.</source>
        <translation>Vervollständigen Sie zuerst diese Seite.</translation>
    </message>
</context>
<context>
    <name>Ferry::FingerprintDialog</name>
    <message>
        <source>Unknown certificate</source>
        <translation>Unbekanntes Zertifikat</translation>
    </message>
    <message>
        <source>The certificate of %1 is not signed by an authority this system trusts. ESXi hosts usually have such self-signed certificates.</source>
        <translation>Das Zertifikat von %1 ist nicht von einer Zertifizierungsstelle signiert, der dieses System vertraut. ESXi-Hosts haben meist solche selbstsignierten Zertifikate.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate of %1 changed.&lt;/b&gt; It is not the one you trusted before. Trust the new one only if the host was reinstalled or its certificate renewed.</source>
        <translation>&lt;b&gt;Das Zertifikat von %1 hat sich geändert.&lt;/b&gt; Es ist nicht das, dem Sie zuvor vertraut haben. Vertrauen Sie dem neuen nur, wenn der Host neu installiert oder sein Zertifikat erneuert wurde.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>Trusted before:</source>
        <translation>Bisher vertraut:</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint shown on the host&apos;s console or in its web client before you trust it. Ferry remembers a trusted certificate for this host.</source>
        <translation>Vergleichen Sie ihn mit dem Fingerabdruck, der auf der Konsole des Hosts oder in seinem Web-Client angezeigt wird, bevor Sie ihm vertrauen. Ferry merkt sich ein vertrauenswürdiges Zertifikat für diesen Host.</translation>
    </message>
    <message>
        <source>&amp;Trust and connect</source>
        <translation>&amp;Vertrauen und verbinden</translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation>&amp;Ablehnen</translation>
    </message>
</context>
<context>
    <name>Ferry::KeyringPassword</name>
    <message>
        <source>The password was not remembered: no system keyring is available (%1).</source>
        <translation>Das Passwort wurde nicht gespeichert: Es ist kein Schlüsselbund des Systems verfügbar (%1).</translation>
    </message>
    <message>
        <source>No system keyring is available (%1); enter the password.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar (%1); geben Sie das Passwort ein.</translation>
    </message>
    <message>
        <source>The password was not remembered: the system keyring is not available or refused it (%1).</source>
        <translation>Das Passwort wurde nicht gespeichert: Der Schlüsselbund des Systems ist nicht verfügbar oder hat es abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The system keyring could not be read (%1); enter the password.</source>
        <translation>Der Schlüsselbund des Systems konnte nicht gelesen werden (%1); geben Sie das Passwort ein.</translation>
    </message>
</context>
<context>
    <name>Ferry::LabSource</name>
    <message>
        <source>ferry-lab was not found next to %1 or on PATH; install Ferry completely</source>
        <translation>ferry-lab wurde weder neben %1 noch im PATH gefunden; installieren Sie Ferry vollständig</translation>
    </message>
    <message>
        <source>ferry-lab did not start</source>
        <translation>ferry-lab ist nicht gestartet</translation>
    </message>
    <message>
        <source>ferry-lab printed a malformed ready line</source>
        <translation>ferry-lab hat eine fehlerhafte Bereitschaftszeile ausgegeben</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>Exit-Code %1</translation>
    </message>
    <message>
        <source>the lab source (ferry-lab) stopped unexpectedly</source>
        <translation>die Lab-Quelle (ferry-lab) wurde unerwartet beendet</translation>
    </message>
    <message>
        <source>ferry-lab failed to start (%1)</source>
        <translation>ferry-lab konnte nicht starten (%1)</translation>
    </message>
    <message>
        <source>ferry-lab was not ready within %1 s; see its messages</source>
        <translation>ferry-lab war nicht innerhalb von %1 s bereit; siehe seine Meldungen</translation>
    </message>
</context>
<context>
    <name>Ferry::MigrationController</name>
    <message>
        <source>Pausing: stopping the transfer and keeping what was copied.</source>
        <translation>Pausieren: Die Übertragung wird angehalten, das bereits Kopierte bleibt erhalten.</translation>
    </message>
    <message>
        <source>Resuming: fetching only what is still missing.</source>
        <translation>Fortsetzen: Es wird nur noch abgerufen, was fehlt.</translation>
    </message>
    <message>
        <source>Cancelling the migration once the pause has released everything.</source>
        <translation>Die Migration wird abgebrochen, sobald die Pause alles freigegeben hat.</translation>
    </message>
    <message>
        <source>Cancelling the migration.</source>
        <translation>Die Migration wird abgebrochen.</translation>
    </message>
    <message>
        <source>Cancelling the paused migration and removing its partial disks.</source>
        <translation>Die pausierte Migration wird abgebrochen und ihre unvollständigen Datenträger werden entfernt.</translation>
    </message>
    <message>
        <source>%1: paused; %2 of %3 are kept for resuming.</source>
        <translation>%1: pausiert; %2 von %3 bleiben zum Fortsetzen erhalten.</translation>
    </message>
    <message>
        <source>Paused. %1 of %2 are kept; Resume fetches only the rest.</source>
        <translation>Pausiert. %1 von %2 bleiben erhalten; „Fortsetzen“ holt nur den Rest.</translation>
    </message>
    <message>
        <source>The window closed while paused: the partial disks and journals stay; the start page offers to resume them (Unfinished migrations).</source>
        <translation>Das Fenster wurde während der Pause geschlossen: Die unvollständigen Festplatten und Journale bleiben erhalten; die Startseite bietet an, sie fortzusetzen (Unvollständige Migrationen).</translation>
    </message>
    <message>
        <source>Cancelling the migration; the copied data is kept for resuming.</source>
        <translation>Die Migration wird abgebrochen; die kopierten Daten bleiben zum Fortsetzen erhalten.</translation>
    </message>
    <message>
        <source>Cancelled while paused; the copied data is kept for resuming.</source>
        <translation>Während der Pause abgebrochen; die kopierten Daten bleiben zum Fortsetzen erhalten.</translation>
    </message>
</context>
<context>
    <name>Ferry::OutputDirectoryCheck</name>
    <message>
        <source>no output directory given</source>
        <translation>kein Ausgabeverzeichnis angegeben</translation>
    </message>
    <message>
        <source>%1 is not a directory</source>
        <translation>%1 ist kein Verzeichnis</translation>
    </message>
    <message>
        <source>cannot write to %1: %2</source>
        <translation>%1 ist nicht beschreibbar: %2</translation>
    </message>
    <message>
        <source>cannot create %1: %2 is not writable (%3)</source>
        <translation>%1 kann nicht angelegt werden: %2 ist nicht beschreibbar (%3)</translation>
    </message>
</context>
<context>
    <name>Ferry::Preflight</name>
    <message>
        <source>%1 is a raw device mapping: its data is on a LUN, not in a file Ferry can copy; migrate the LUN separately or convert it to a virtual disk first</source>
        <translation>%1 ist ein Raw Device Mapping: Die Daten liegen auf einer LUN, nicht in einer Datei, die Ferry kopieren kann; migrieren Sie die LUN getrennt oder wandeln Sie sie zuerst in einen virtuellen Datenträger um</translation>
    </message>
    <message>
        <source>%1 has a %2 backing, not a flat file; consolidate or clone it to a flat disk first</source>
        <translation>%1 hat ein %2-Backing, keine Flat-Datei; konsolidieren oder klonen Sie ihn zuerst in einen Flat-Datenträger</translation>
    </message>
    <message>
        <source>%1 is encrypted by vSphere: its flat file holds ciphertext; decrypt the VM first</source>
        <translation>%1 ist von vSphere verschlüsselt: Die Flat-Datei enthält Chiffretext; entschlüsseln Sie die VM zuerst</translation>
    </message>
    <message>
        <source>%1 runs on a snapshot delta, so its flat file is not the current state; delete or consolidate the snapshots first</source>
        <translation>%1 läuft auf einem Snapshot-Delta, die Flat-Datei ist also nicht der aktuelle Stand; löschen oder konsolidieren Sie zuerst die Snapshots</translation>
    </message>
    <message>
        <source>%1 reports no capacity</source>
        <translation>%1 meldet keine Kapazität</translation>
    </message>
    <message>
        <source>%1 is an independent disk (%2): snapshots never covered it</source>
        <translation>%1 ist ein unabhängiger Datenträger (%2): Snapshots haben ihn nie erfasst</translation>
    </message>
    <message>
        <source>%1 is a template; the copy becomes a normal domain</source>
        <translation>%1 ist eine Vorlage; die Kopie wird eine normale Domäne</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n snapshot(s); the flat files are not the current state: delete or consolidate the snapshots first</source>
        <translation>
            <numerusform>%1 hat %n Snapshot; die Flat-Dateien sind nicht der aktuelle Stand: Löschen oder konsolidieren Sie zuerst die Snapshots</numerusform>
            <numerusform>%1 hat %n Snapshots; die Flat-Dateien sind nicht der aktuelle Stand: Löschen oder konsolidieren Sie zuerst die Snapshots</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is %2: the copy is only crash-consistent</source>
        <translation>%1 ist %2: Die Kopie ist nur absturzkonsistent</translation>
    </message>
    <message>
        <source>%1 has no virtual disks to copy</source>
        <translation>%1 hat keine virtuellen Datenträger zum Kopieren</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>powered on</source>
        <translation>eingeschaltet</translation>
    </message>
    <message>
        <source>%1 is powered on: Ferry shuts it down before copying (through VMware Tools, powered off if that does not work in time)</source>
        <translation>%1 ist eingeschaltet: Ferry fährt die VM vor dem Kopieren herunter (über die VMware Tools; gelingt das nicht rechtzeitig, wird sie ausgeschaltet)</translation>
    </message>
    <message>
        <source>%1 is suspended: resume it and shut it down first, or accept a crash-consistent copy</source>
        <translation>%1 ist angehalten: Setzen Sie die VM fort und fahren Sie sie zuerst herunter, oder akzeptieren Sie eine absturzkonsistente Kopie</translation>
    </message>
    <message>
        <source>%1 is powered on: shut it down first, let Ferry shut it down before copying, or accept a crash-consistent copy</source>
        <translation>%1 ist eingeschaltet: Fahren Sie die VM zuerst herunter, lassen Sie Ferry sie vor dem Kopieren herunterfahren, oder akzeptieren Sie eine absturzkonsistente Kopie</translation>
    </message>
</context>
<context>
    <name>Ferry::ProgressPage</name>
    <message>
        <source>%1 MB/s</source>
        <translation>%1 MB/s</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Migrating</source>
        <translation>Migration läuft</translation>
    </message>
    <message>
        <source>The disks are copied, checked and turned into KVM domains. You can pause and resume at any time.</source>
        <translation>Die Datenträger werden kopiert, geprüft und in KVM-Domänen umgewandelt. Sie können jederzeit pausieren und fortsetzen.</translation>
    </message>
    <message>
        <source>VM / disk</source>
        <translation>VM / Datenträger</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Stops the transfer and keeps what was copied; Resume fetches only what is missing.</source>
        <translation>Hält die Übertragung an und behält das bereits Kopierte; „Fortsetzen“ ruft nur ab, was noch fehlt.</translation>
    </message>
    <message>
        <source>Cancel &amp;migration</source>
        <translation>&amp;Migration abbrechen</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Wird kopiert</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 at %2.</source>
        <translation>%1 mit %2.</translation>
    </message>
    <message>
        <source>%1 at %2, about %3 left.</source>
        <translation>%1 mit %2, noch etwa %3.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Paused. %1 of %2 are kept; Resume fetches only the rest.</source>
        <translation>Pausiert. %1 von %2 bleiben erhalten; „Fortsetzen“ holt nur den Rest.</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Pausing</source>
        <translation>Wird pausiert</translation>
    </message>
    <message numerus="yes">
        <source>All %n VM(s) migrated.</source>
        <translation>
            <numerusform>%n VM migriert.</numerusform>
            <numerusform>Alle %n VMs migriert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the copy</source>
        <translation>Kopie wird geprüft</translation>
    </message>
    <message>
        <source>Shutting the source VM down</source>
        <translation>Quell-VM wird heruntergefahren</translation>
    </message>
    <message>
        <source>Inspecting the guest</source>
        <translation>Gast wird untersucht</translation>
    </message>
    <message>
        <source>Converting for KVM (virt-v2v)</source>
        <translation>Wird für KVM umgewandelt (virt-v2v)</translation>
    </message>
    <message>
        <source>Defining the domain</source>
        <translation>Domäne wird definiert</translation>
    </message>
    <message>
        <source>Writing the report</source>
        <translation>Bericht wird geschrieben</translation>
    </message>
    <message>
        <source>Starting the domain, checking the boot</source>
        <translation>Domäne wird gestartet, der Start wird geprüft</translation>
    </message>
    <message>
        <source>Stops the transfer; asks whether to keep the partial disks for resuming.</source>
        <translation>Beendet die Übertragung; fragt, ob die unvollständigen Festplatten zum Fortsetzen erhalten bleiben.</translation>
    </message>
    <message>
        <source>Cannot remember this run for resuming later: %1</source>
        <translation>Dieser Lauf kann nicht zum späteren Fortsetzen vermerkt werden: %1</translation>
    </message>
    <message>
        <source>Cancelled; the copied data is kept for resuming</source>
        <translation>Abgebrochen; die kopierten Daten bleiben zum Fortsetzen erhalten</translation>
    </message>
    <message>
        <source>Cancelled; %1 of %2 are kept for resuming</source>
        <translation>Abgebrochen; %1 von %2 bleiben zum Fortsetzen erhalten</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>No log file: cannot write %1.</source>
        <translation>Keine Protokolldatei: %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Protokolldatei: %1</translation>
    </message>
    <message>
        <source>Cancel the migration?</source>
        <translation>Migration abbrechen?</translation>
    </message>
    <message>
        <source>The copy stops. Keep what was copied to resume later (from the start page), or delete the partial disks?</source>
        <translation>Das Kopieren endet. Das bisher Kopierte zum späteren Fortsetzen (von der Startseite) behalten oder die unvollständigen Festplatten löschen?</translation>
    </message>
    <message>
        <source>Stop and &amp;keep the copied data</source>
        <translation>Beenden und kopierte Daten &amp;behalten</translation>
    </message>
    <message>
        <source>Stop and &amp;delete the partial disks</source>
        <translation>Beenden und unvollständige Festplatten &amp;löschen</translation>
    </message>
    <message>
        <source>&amp;Continue the migration</source>
        <translation>Migration &amp;fortsetzen</translation>
    </message>
    <message>
        <source>%1, %2. The next page shows what happened.</source>
        <translation>%1, %2. Die nächste Seite zeigt, was geschehen ist.</translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated</source>
        <translation>
            <numerusform>%n VM migriert</numerusform>
            <numerusform>%n VMs migriert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::SourceAddress</name>
    <message>
        <source>the IPv6 address &apos;%1&apos; lacks its closing &apos;]&apos;</source>
        <translation>der IPv6-Adresse &apos;%1&apos; fehlt die schließende &apos;]&apos;</translation>
    </message>
    <message>
        <source>unexpected text after the IPv6 address in &apos;%1&apos;</source>
        <translation>unerwarteter Text nach der IPv6-Adresse in &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the port &apos;%1&apos; in &apos;%2&apos; is not a number from 1 to 65535</source>
        <translation>der Port &apos;%1&apos; in &apos;%2&apos; ist keine Zahl von 1 bis 65535</translation>
    </message>
    <message>
        <source>remove the query or fragment from &apos;%1&apos;; the source is just a host and a port</source>
        <translation>entfernen Sie Abfrage oder Fragment aus &apos;%1&apos;; die Quelle ist nur ein Host und ein Port</translation>
    </message>
    <message>
        <source>remove the path &apos;%1&apos; from &apos;%2&apos;; the source is just a host and a port</source>
        <translation>entfernen Sie den Pfad &apos;%1&apos; aus &apos;%2&apos;; die Quelle ist nur ein Host und ein Port</translation>
    </message>
    <message>
        <source>enter the host name or address of the ESXi host or vCenter</source>
        <translation>geben Sie den Hostnamen oder die Adresse des ESXi-Hosts oder vCenters ein</translation>
    </message>
    <message>
        <source>the port %1 is not a number from 1 to 65535</source>
        <translation>der Port %1 ist keine Zahl von 1 bis 65535</translation>
    </message>
    <message>
        <source>the source must be reached over https, not &apos;%1&apos;; type https://HOST or just the host</source>
        <translation>die Quelle muss über https erreicht werden, nicht über &apos;%1&apos;; geben Sie https://HOST oder nur den Host ein</translation>
    </message>
    <message>
        <source>remove the user name (and any password) from the address and enter it in the user field</source>
        <translation>entfernen Sie den Benutzernamen (und ein etwaiges Passwort) aus der Adresse und tragen Sie ihn im Feld Benutzer ein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no host; enter the host name or address of the ESXi host or vCenter</source>
        <translation>&apos;%1&apos; nennt keinen Host; geben Sie den Hostnamen oder die Adresse des ESXi-Hosts oder vCenters ein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid host name or address</source>
        <translation>&apos;%1&apos; ist kein gültiger Hostname und keine gültige Adresse</translation>
    </message>
</context>
<context>
    <name>Ferry::SourceConnector</name>
    <message>
        <source>Remembered certificates could not be read: %1</source>
        <translation>Gespeicherte Zertifikate konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The certificate is trusted for now but could not be remembered: %1</source>
        <translation>Dem Zertifikat wird vorerst vertraut, es konnte aber nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>Ferry::SourcePage</name>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Connect to the VMware ESXi host or vCenter that runs the virtual machines.</source>
        <translation>Verbinden Sie sich mit dem VMware-ESXi-Host oder vCenter, auf dem die virtuellen Maschinen laufen.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <source>Connection cancelled; not connected.</source>
        <translation>Verbindungsaufbau abgebrochen; nicht verbunden.</translation>
    </message>
    <message>
        <source>&amp;VMware ESXi or vCenter</source>
        <translation>VMware &amp;ESXi oder vCenter</translation>
    </message>
    <message>
        <source>&amp;OVA/OVF file (an exported appliance)</source>
        <translation>&amp;OVA/OVF-Datei (eine exportierte Appliance)</translation>
    </message>
    <message>
        <source>An .ova file or the .ovf of an OVF directory, as vSphere, ovftool or VirtualBox export them.</source>
        <translation>Eine .ova-Datei oder die .ovf eines OVF-Verzeichnisses, wie vSphere, ovftool oder VirtualBox sie exportieren.</translation>
    </message>
    <message>
        <source>/srv/appliances/web.ova</source>
        <translation>/srv/appliances/web.ova</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Open an OVA or OVF package</source>
        <translation>OVA- oder OVF-Paket öffnen</translation>
    </message>
    <message>
        <source>OVA/OVF packages (*.ova *.ovf);;All files (*)</source>
        <translation>OVA/OVF-Pakete (*.ova *.ovf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose an .ova file or the .ovf of an OVF directory.</source>
        <translation>Wählen Sie eine .ova-Datei oder die .ovf eines OVF-Verzeichnisses.</translation>
    </message>
    <message>
        <source>Reading the package…</source>
        <translation>Paket wird gelesen…</translation>
    </message>
    <message>
        <source>Built-in &amp;lab (demo source)</source>
        <translation>Integriertes &amp;Labor (Demo-Quelle)</translation>
    </message>
    <message>
        <source>A local ESXi imitation with a few small Linux VMs, to try Ferry without a real host.</source>
        <translation>Eine lokale ESXi-Nachbildung mit einigen kleinen Linux-VMs, um Ferry ohne echten Host auszuprobieren.</translation>
    </message>
    <message>
        <source>esxi01.example.com, 10.0.0.5:443 or https://vcenter.example.com</source>
        <translation>esxi01.example.com, 10.0.0.5:443 oder https://vcenter.example.com</translation>
    </message>
    <message>
        <source>Used when the host field names no port.</source>
        <translation>Wird verwendet, wenn im Host-Feld kein Port angegeben ist.</translation>
    </message>
    <message>
        <source>root, or administrator@vsphere.local for vCenter</source>
        <translation>root oder administrator@vsphere.local für vCenter</translation>
    </message>
    <message>
        <source>Remember password in the system &amp;keyring</source>
        <translation>Passwort im &amp;Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>The password is stored only in the system keyring, never in a file or profile.</source>
        <translation>Das Passwort wird nur im Schlüsselbund des Systems gespeichert, nie in einer Datei oder einem Profil.</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <source>Check the host: %1</source>
        <translation>Prüfen Sie den Host: %1</translation>
    </message>
    <message>
        <source>Enter the user name to log in with.</source>
        <translation>Geben Sie den Benutzernamen für die Anmeldung ein.</translation>
    </message>
    <message>
        <source>Starting the built-in lab. The first start builds its guest images and may take a few minutes.</source>
        <translation>Das integrierte Labor wird gestartet. Beim ersten Start werden seine Gast-Images erstellt; das kann einige Minuten dauern.</translation>
    </message>
    <message>
        <source>Logging in to the lab…</source>
        <translation>Anmeldung am Labor…</translation>
    </message>
    <message>
        <source>Logging in to %1…</source>
        <translation>Anmeldung an %1…</translation>
    </message>
    <message>
        <source>Reading the inventory…</source>
        <translation>Inventar wird gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: %n virtual machine(s).</source>
        <translation>
            <numerusform>Verbunden mit %1: %n virtuelle Maschine.</numerusform>
            <numerusform>Verbunden mit %1: %n virtuelle Maschinen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for your decision about the certificate of %1.</source>
        <translation>Warte auf Ihre Entscheidung zum Zertifikat von %1.</translation>
    </message>
    <message>
        <source>Certificate refused; not connected.</source>
        <translation>Zertifikat abgelehnt; nicht verbunden.</translation>
    </message>
    <message>
        <source>Waiting for your decision about certificate verification for %1.</source>
        <translation>Warte auf Ihre Entscheidung zur Zertifikatsprüfung für %1.</translation>
    </message>
    <message>
        <source>Certificate verification is off</source>
        <translation>Zertifikatsprüfung ist ausgeschaltet</translation>
    </message>
    <message>
        <source>The profile turns certificate verification off for %1, so anyone on the way could pose as the host and read the password. Connect without verifying the certificate?</source>
        <translation>Das Profil schaltet die Zertifikatsprüfung für %1 aus; dann kann sich jeder auf dem Weg als dieser Host ausgeben und das Passwort lesen. Ohne Prüfung des Zertifikats verbinden?</translation>
    </message>
</context>
<context>
    <name>Ferry::StartPage</name>
    <message>
        <source>Welcome to Ferry</source>
        <translation>Willkommen bei Ferry</translation>
    </message>
    <message>
        <source>Ferry copies virtual machines from VMware ESXi or vCenter to KVM: it reads the disks over several connections, writes them exactly, checks them and defines the libvirt domains.</source>
        <translation>Ferry kopiert virtuelle Maschinen von VMware ESXi oder vCenter nach KVM: Es liest die Datenträger über mehrere Verbindungen, schreibt sie exakt, prüft sie und definiert die libvirt-Domänen.</translation>
    </message>
    <message>
        <source>Start a &amp;new migration</source>
        <translation>&amp;Neue Migration starten</translation>
    </message>
    <message>
        <source>Repeat a &amp;saved profile:</source>
        <translation>&amp;Gespeichertes Profil wiederholen:</translation>
    </message>
    <message>
        <source>Open &amp;file…</source>
        <translation>&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>Open profile</source>
        <translation>Profil öffnen</translation>
    </message>
    <message>
        <source>Ferry profiles (*.json);;All files (*)</source>
        <translation>Ferry-Profile (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Resume an &amp;unfinished migration (its copied data is kept):</source>
        <translation>Eine &amp;unvollständige Migration fortsetzen (ihre kopierten Daten sind erhalten):</translation>
    </message>
    <message>
        <source>%1 to %2 (started %3)</source>
        <translation>%1 nach %2 (begonnen %3)</translation>
    </message>
</context>
<context>
    <name>Ferry::SummaryPage</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Check the plan. Starting the migration cannot be undone from this wizard, but it can be paused and resumed.</source>
        <translation>Prüfen Sie den Plan. Der Start der Migration kann in diesem Assistenten nicht rückgängig gemacht werden, sie lässt sich aber pausieren und fortsetzen.</translation>
    </message>
    <message>
        <source>&amp;Start migration</source>
        <translation>Migration &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Verify: read every disk back and compare it with what was fetched</source>
        <translation>&amp;Verifizieren: jeden Datenträger zurücklesen und mit den abgerufenen Daten vergleichen</translation>
    </message>
    <message>
        <source>&amp;Inspect the guests after copying (operating system, drivers, risks)</source>
        <translation>Gäste nach dem Kopieren &amp;untersuchen (Betriebssystem, Treiber, Risiken)</translation>
    </message>
    <message>
        <source>Start the &amp;domains when they are defined</source>
        <translation>&amp;Domänen nach dem Definieren starten</translation>
    </message>
    <message>
        <source>Save as &amp;profile…</source>
        <translation>Als &amp;Profil speichern…</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n disk(s), %2)</source>
        <translation>
            <numerusform>%1 (%n Datenträger, %2)</numerusform>
            <numerusform>%1 (%n Datenträger, %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>VMs:</source>
        <translation>VMs:</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <source>Networks:</source>
        <translation>Netzwerke:</translation>
    </message>
    <message>
        <source>Transfer:</source>
        <translation>Übertragung:</translation>
    </message>
    <message>
        <source>%1 connections, %2 requests each, %3 chunks, at most %4 of memory</source>
        <translation>%1 Verbindungen, je %2 Anfragen, Chunks zu %3, höchstens %4 Arbeitsspeicher</translation>
    </message>
    <message>
        <source>auto (%1 to %2)</source>
        <translation>automatisch (%1 bis %2)</translation>
    </message>
    <message>
        <source>SHA-256 of every disk in the report</source>
        <translation>SHA-256 jedes Datenträgers im Bericht</translation>
    </message>
    <message>
        <source>read-back verification</source>
        <translation>Verifizierung durch Zurücklesen</translation>
    </message>
    <message>
        <source>guest inspection</source>
        <translation>Gastuntersuchung</translation>
    </message>
    <message>
        <source>domain defined in libvirt</source>
        <translation>Domäne in libvirt definiert</translation>
    </message>
    <message>
        <source>domain XML written</source>
        <translation>Domänen-XML geschrieben</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Danach:</translation>
    </message>
    <message>
        <source>Estimate:</source>
        <translation>Schätzung:</translation>
    </message>
    <message>
        <source>the built-in lab (demo ESXi host on this computer)</source>
        <translation>das integrierte Labor (Demo-ESXi-Host auf diesem Computer)</translation>
    </message>
    <message>
        <source>output directory %1, %2 disks</source>
        <translation>Ausgabeverzeichnis %1, Datenträger als %2</translation>
    </message>
    <message>
        <source>libvirt %1, storage pool %2, %3 disks</source>
        <translation>libvirt %1, Speicherpool %2, Datenträger als %3</translation>
    </message>
    <message numerus="yes">
        <source>%1 to read in %n disk(s)</source>
        <translation>
            <numerusform>%1 aus %n Datenträger zu lesen</numerusform>
            <numerusform>%1 aus %n Datenträgern zu lesen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; run the network check on the Tuning page for a time estimate. Zero blocks cost little time, so thin disks usually go faster.</source>
        <translation>%1; führen Sie für eine Zeitschätzung die Netzwerkprüfung auf der Seite „Feinabstimmung“ aus. Nullblöcke kosten wenig Zeit, daher geht es bei Thin-Datenträgern meist schneller.</translation>
    </message>
    <message>
        <source>%1; about %2 at the measured %3/s (zero blocks go faster).</source>
        <translation>%1; etwa %2 bei den gemessenen %3/s (Nullblöcke gehen schneller).</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <source>Ferry profiles (*.json)</source>
        <translation>Ferry-Profile (*.json)</translation>
    </message>
    <message>
        <source>Saved to %1 (without the password).</source>
        <translation>Gespeichert in %1 (ohne das Passwort).</translation>
    </message>
    <message>
        <source>disk %1 in pool %2</source>
        <translation>Datenträger %1 im Pool %2</translation>
    </message>
    <message>
        <source>&amp;Convert guests for KVM (virt-v2v): virtio drivers, boot loader, VMware Tools removed</source>
        <translation>Gäste für KVM &amp;umwandeln (virt-v2v): virtio-Treiber, Bootloader, VMware Tools entfernt</translation>
    </message>
    <message>
        <source>Runs virt-v2v-in-place on the copied disks after the inspection. A failed conversion keeps the copy and gives the VM hardware every guest can boot from.</source>
        <translation>Führt nach der Untersuchung virt-v2v-in-place auf den kopierten Datenträgern aus. Schlägt die Umwandlung fehl, bleibt die Kopie erhalten und die VM bekommt Hardware, von der jeder Gast starten kann.</translation>
    </message>
    <message>
        <source>virtio-&amp;win drivers (ISO or directory, for Windows guests):</source>
        <translation>virtio-&amp;win-Treiber (ISO oder Verzeichnis, für Windows-Gäste):</translation>
    </message>
    <message>
        <source>none: Windows guests keep SATA disks and an e1000e NIC</source>
        <translation>keine: Windows-Gäste behalten SATA-Datenträger und eine e1000e-Netzwerkkarte</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Source VMs:</source>
        <translation>Quell-VMs:</translation>
    </message>
    <message>
        <source>conversion for KVM (Linux guests; Windows guests need virtio-win)</source>
        <translation>Umwandlung für KVM (Linux-Gäste; Windows-Gäste brauchen virtio-win)</translation>
    </message>
    <message>
        <source>conversion for KVM (Windows drivers from %1)</source>
        <translation>Umwandlung für KVM (Windows-Treiber aus %1)</translation>
    </message>
    <message>
        <source>left as they are (all are powered off)</source>
        <translation>bleiben, wie sie sind (alle sind ausgeschaltet)</translation>
    </message>
    <message numerus="yes">
        <source>%n powered-on VM(s) are shut down before copying (VMware Tools; powered off after %1 s if still running) and stay off</source>
        <translation>
            <numerusform>%n eingeschaltete VM wird vor dem Kopieren heruntergefahren (VMware Tools; läuft sie nach %1 s noch, wird sie ausgeschaltet) und bleibt aus</numerusform>
            <numerusform>%n eingeschaltete VMs werden vor dem Kopieren heruntergefahren (VMware Tools; laufen sie nach %1 s noch, werden sie ausgeschaltet) und bleiben aus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) keep running while copied: the copy is crash-consistent</source>
        <translation>
            <numerusform>%n VM läuft während des Kopierens weiter: Die Kopie ist absturzkonsistent</numerusform>
            <numerusform>%n VMs laufen während des Kopierens weiter: Die Kopie ist absturzkonsistent</numerusform>
        </translation>
    </message>
    <message>
        <source>virtio-win ISO</source>
        <translation>virtio-win-ISO</translation>
    </message>
    <message>
        <source>ISO images (*.iso);;All files (*)</source>
        <translation>ISO-Abbilder (*.iso);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Boot check &amp;waits up to:</source>
        <translation>Startprüfung &amp;wartet bis zu:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>automatic (300 s, 900 s under emulation)</source>
        <translation>automatisch (300 s, 900 s bei Emulation)</translation>
    </message>
    <message>
        <source>How long Ferry waits for a started guest to show that it booted (a login prompt, an IP address or the guest agent) before it reports the boot check as failed.</source>
        <translation>Wie lange Ferry wartet, bis ein gestarteter Gast zeigt, dass er hochgefahren ist (Anmeldeaufforderung, IP-Adresse oder Gastagent), bevor die Startprüfung als fehlgeschlagen gilt.</translation>
    </message>
    <message>
        <source>Creates:</source>
        <translation>Legt an:</translation>
    </message>
    <message>
        <source>domain started, its boot checked for up to %1</source>
        <translation>Domäne gestartet, ihr Start bis zu %1 lang geprüft</translation>
    </message>
    <message>
        <source>domain started and its boot checked</source>
        <translation>Domäne gestartet und ihr Start geprüft</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Warnungen:</translation>
    </message>
    <message>
        <source>the package %1</source>
        <translation>das Paket %1</translation>
    </message>
    <message>
        <source>%1, port %2, as %3</source>
        <translation>%1, Port %2, als %3</translation>
    </message>
    <message>
        <source>folder %1</source>
        <translation>Ordner %1</translation>
    </message>
    <message numerus="yes">
        <source>domain %1 with %n volume(s): %2</source>
        <translation>
            <numerusform>Domäne %1 mit %n Volume: %2</numerusform>
            <numerusform>Domäne %1 mit %n Volumes: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::TargetPage</name>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Where the migrated VMs go, in which format, and which networks they join.</source>
        <translation>Wohin die migrierten VMs kommen, in welchem Format und mit welchen Netzwerken sie verbunden werden.</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Zielort</translation>
    </message>
    <message>
        <source>&amp;Local libvirt (qemu:///system)</source>
        <translation>&amp;Lokales libvirt (qemu:///system)</translation>
    </message>
    <message>
        <source>Other libvirt &amp;connection:</source>
        <translation>Andere libvirt-&amp;Verbindung:</translation>
    </message>
    <message>
        <source>Output &amp;directory (disks, domain XML and report):</source>
        <translation>Aus&amp;gabeverzeichnis (Datenträger, Domänen-XML und Bericht):</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Disks and networks</source>
        <translation>Datenträger und Netzwerke</translation>
    </message>
    <message>
        <source>Storage &amp;pool:</source>
        <translation>&amp;Speicherpool:</translation>
    </message>
    <message>
        <source>raw (sparse, fastest)</source>
        <translation>raw (dünn belegt, am schnellsten)</translation>
    </message>
    <message>
        <source>qcow2 (snapshots, thin on any filesystem)</source>
        <translation>qcow2 (Snapshots, auf jedem Dateisystem dünn belegt)</translation>
    </message>
    <message>
        <source>Disk &amp;format:</source>
        <translation>Datenträger&amp;format:</translation>
    </message>
    <message>
        <source>Best the host offers</source>
        <translation>Das Beste, was der Host bietet</translation>
    </message>
    <message>
        <source>KVM (hardware virtualisation)</source>
        <translation>KVM (Hardware-Virtualisierung)</translation>
    </message>
    <message>
        <source>QEMU (emulation, slow)</source>
        <translation>QEMU (Emulation, langsam)</translation>
    </message>
    <message>
        <source>Domain &amp;type:</source>
        <translation>Domänen&amp;typ:</translation>
    </message>
    <message>
        <source>Source network</source>
        <translation>Quellnetzwerk</translation>
    </message>
    <message>
        <source>Connect to</source>
        <translation>Verbinden mit</translation>
    </message>
    <message>
        <source>&amp;Networks:</source>
        <translation>&amp;Netzwerke:</translation>
    </message>
    <message>
        <source>Reading storage pools and networks of %1…</source>
        <translation>Speicherpools und Netzwerke von %1 werden gelesen…</translation>
    </message>
    <message>
        <source>network default</source>
        <translation>Netzwerk default</translation>
    </message>
    <message>
        <source>Output directory</source>
        <translation>Ausgabeverzeichnis</translation>
    </message>
    <message>
        <source>Cannot use %1: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Verbunden mit %1.</translation>
    </message>
    <message>
        <source>network %1</source>
        <translation>Netzwerk %1</translation>
    </message>
    <message>
        <source>network %1 (inactive)</source>
        <translation>Netzwerk %1 (inaktiv)</translation>
    </message>
    <message>
        <source>bridge %1</source>
        <translation>Bridge %1</translation>
    </message>
    <message>
        <source>%1 (%2 free)</source>
        <translation>%1 (%2 frei)</translation>
    </message>
    <message>
        <source>%1 (inactive)</source>
        <translation>%1 (inaktiv)</translation>
    </message>
    <message>
        <source>The selected disks are %1 provisioned; %2 is free here.</source>
        <translation>Die ausgewählten Datenträger sind mit %1 bereitgestellt; hier sind %2 frei.</translation>
    </message>
    <message>
        <source>Zero blocks are not written, so thin disks may still fit, but check before starting.</source>
        <translation>Nullblöcke werden nicht geschrieben, daher passen Thin-Datenträger womöglich trotzdem; prüfen Sie das aber vor dem Start.</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>D&amp;isk pools:</source>
        <translation>Pools der Datentr&amp;äger:</translation>
    </message>
    <message>
        <source>(same as above)</source>
        <translation>(wie oben)</translation>
    </message>
    <message>
        <source>Found in the directory</source>
        <translation>Im Verzeichnis gefunden</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Was tun</translation>
    </message>
    <message>
        <source>&amp;Create the default pool (%1)</source>
        <translation>Standard-Pool &amp;anlegen (%1)</translation>
    </message>
    <message>
        <source>Defines, builds and starts a directory pool named &quot;default&quot;, as virt-manager does.</source>
        <translation>Definiert, erstellt und startet einen Verzeichnis-Pool namens „default“, wie virt-manager es tut.</translation>
    </message>
    <message>
        <source>Cannot create the pool: %1</source>
        <translation>Der Pool kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>%1 has no storage pool: the disks need one. Create the default pool, or define one with virt-manager or &apos;virsh pool-define-as&apos;.</source>
        <translation>%1 hat keinen Speicher-Pool, die Festplatten brauchen aber einen. Legen Sie den Standard-Pool an oder definieren Sie einen mit virt-manager oder „virsh pool-define-as“.</translation>
    </message>
    <message>
        <source>Enter an output directory.</source>
        <translation>Geben Sie ein Ausgabeverzeichnis an.</translation>
    </message>
    <message>
        <source>Enter a libvirt connection URI.</source>
        <translation>Geben Sie eine libvirt-Verbindungs-URI an.</translation>
    </message>
    <message>
        <source>The output directory cannot be used: %1</source>
        <translation>Das Ausgabeverzeichnis ist nicht nutzbar: %1</translation>
    </message>
    <message>
        <source>Creating the storage pool…</source>
        <translation>Der Speicher-Pool wird angelegt …</translation>
    </message>
    <message>
        <source>Waiting for %1 to answer…</source>
        <translation>Warte auf die Antwort von %1 …</translation>
    </message>
    <message>
        <source>Cannot connect to %1 (see above).</source>
        <translation>Keine Verbindung zu %1 (siehe oben).</translation>
    </message>
    <message>
        <source>%1 has no storage pool: create the default pool or choose another connection.</source>
        <translation>%1 hat keinen Speicher-Pool: Legen Sie den Standard-Pool an oder wählen Sie eine andere Verbindung.</translation>
    </message>
    <message numerus="yes">
        <source>%n selected VM(s) already have a folder here from an earlier run: choose what to do with each.</source>
        <translation>
            <numerusform>%n ausgewählte VM hat hier schon einen Ordner aus einem früheren Lauf: Wählen Sie, was damit geschehen soll.</numerusform>
            <numerusform>%n ausgewählte VMs haben hier schon einen Ordner aus einem früheren Lauf: Wählen Sie für jede, was damit geschehen soll.</numerusform>
        </translation>
    </message>
    <message>
        <source>an unfinished copy (resume journal) in %1</source>
        <translation>eine unvollständige Kopie (Fortsetzungsjournal) in %1</translation>
    </message>
    <message>
        <source>files of an earlier migration in %1</source>
        <translation>Dateien einer früheren Migration in %1</translation>
    </message>
    <message>
        <source>Resume (fetch only what is missing)</source>
        <translation>Fortsetzen (nur Fehlendes holen)</translation>
    </message>
    <message>
        <source>Overwrite (delete the folder first)</source>
        <translation>Überschreiben (Ordner vorher löschen)</translation>
    </message>
    <message>
        <source>Skip this VM</source>
        <translation>Diese VM überspringen</translation>
    </message>
    <message>
        <source>Every selected VM is skipped: nothing would be migrated.</source>
        <translation>Alle ausgewählten VMs werden übersprungen: Es würde nichts migriert.</translation>
    </message>
    <message numerus="yes">
        <source>Overwriting deletes %1 in %n folder(s) for good:</source>
        <translation>
            <numerusform>Überschreiben löscht %1 in %n Ordner endgültig:</numerusform>
            <numerusform>Überschreiben löscht %1 in %n Ordnern endgültig:</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete earlier files?</source>
        <translation>Frühere Dateien löschen?</translation>
    </message>
    <message>
        <source>&amp;Delete and overwrite</source>
        <translation>&amp;Löschen und überschreiben</translation>
    </message>
    <message>
        <source>&amp;Keep the files</source>
        <translation>Dateien &amp;behalten</translation>
    </message>
    <message>
        <source>Cannot delete %1 completely; check its permissions.</source>
        <translation>%1 kann nicht vollständig gelöscht werden; prüfen Sie die Zugriffsrechte.</translation>
    </message>
    <message>
        <source>Creating the storage pool &quot;%1&quot; at %2 on %3…</source>
        <translation>Speicher-Pool „%1“ wird in %2 auf %3 angelegt …</translation>
    </message>
    <message>
        <source>Network %1 is not active: the migrated domains will not start until it is started (virsh net-start %1; net-autostart keeps it on).</source>
        <translation>Netzwerk %1 ist nicht aktiv: Die migrierten Domänen starten erst, wenn es gestartet ist (virsh net-start %1; net-autostart hält es aktiv).</translation>
    </message>
    <message>
        <source>%1 does not answer yet. Is it on a network mount that hangs?</source>
        <translation>%1 antwortet noch nicht. Liegt es auf einem hängenden Netzwerk-Mount?</translation>
    </message>
    <message>
        <source>Checking the output directory…</source>
        <translation>Das Ausgabeverzeichnis wird geprüft …</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft …</translation>
    </message>
    <message>
        <source>%1 does not answer (a hung network mount?); choose another directory.</source>
        <translation>%1 antwortet nicht (ein hängender Netzwerk-Mount?); wählen Sie ein anderes Verzeichnis.</translation>
    </message>
</context>
<context>
    <name>Ferry::ThroughputChart</name>
    <message>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation>MB/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Connections 1 to %1</source>
        <translation>Verbindungen 1 bis %1</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Connections in use</source>
        <translation>Verbindungen in Gebrauch</translation>
    </message>
    <message>
        <source>Limited by the source: each connection at ~%1 MB/s - more connections help</source>
        <translation>Begrenzt durch die Quelle: jede Verbindung mit ~%1 MB/s - mehr Verbindungen helfen</translation>
    </message>
    <message>
        <source>Limited by the source or the network (~%1 MB/s in total)</source>
        <translation>Begrenzt durch die Quelle oder das Netzwerk (~%1 MB/s insgesamt)</translation>
    </message>
    <message>
        <source>Limited by the target disk: writing takes %1% of the time</source>
        <translation>Begrenzt durch den Zieldatenträger: Schreiben braucht %1% der Zeit</translation>
    </message>
    <message>
        <source>Limited by this machine&apos;s CPU (Ferry uses %1 cores)</source>
        <translation>Begrenzt durch die CPU dieses Rechners (Ferry nutzt %1 Kerne)</translation>
    </message>
    <message>
        <source>Connection %1</source>
        <translation>Verbindung %1</translation>
    </message>
</context>
<context>
    <name>Ferry::TuningPage</name>
    <message>
        <source>Tuning</source>
        <translation>Feinabstimmung</translation>
    </message>
    <message>
        <source>How the copy uses the network. The defaults suit most ESXi hosts; the network check measures yours.</source>
        <translation>Wie das Kopieren das Netzwerk nutzt. Die Standardwerte passen zu den meisten ESXi-Hosts; die Netzwerkprüfung misst Ihr Netzwerk.</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Verbindungen:</translation>
    </message>
    <message>
        <source>Parallel HTTPS connections to the source. ESXi limits each connection, so several together are faster. Auto adds connections while the copy gets faster and backs off when the host is busy.</source>
        <translation>Parallele HTTPS-Verbindungen zur Quelle. ESXi begrenzt jede einzelne Verbindung, daher sind mehrere zusammen schneller. Automatisch fügt Verbindungen hinzu, solange die Kopie schneller wird, und nimmt welche weg, wenn der Host ausgelastet ist.</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>&amp;Requests per connection:</source>
        <translation>Anf&amp;ragen pro Verbindung:</translation>
    </message>
    <message>
        <source>Range requests kept waiting on each connection, so no round trip is idle.</source>
        <translation>Range-Anfragen, die auf jeder Verbindung gleichzeitig ausstehen, damit kein Roundtrip ungenutzt bleibt.</translation>
    </message>
    <message>
        <source>C&amp;hunk size:</source>
        <translation>Chunk-&amp;Größe:</translation>
    </message>
    <message>
        <source>Bytes per range request. Larger chunks mean fewer requests; smaller ones repeat less after a dropped connection.</source>
        <translation>Bytes pro Range-Anfrage. Größere Chunks bedeuten weniger Anfragen; kleinere müssen nach einem Verbindungsabbruch weniger wiederholen.</translation>
    </message>
    <message>
        <source>&amp;Memory budget (cache):</source>
        <translation>&amp;Speicherbudget (Cache):</translation>
    </message>
    <message>
        <source>Upper bound for data held in memory on its way to disk, whatever the size of the disks.</source>
        <translation>Obergrenze für Daten, die auf dem Weg zum Datenträger im Arbeitsspeicher gehalten werden, unabhängig von der Größe der Datenträger.</translation>
    </message>
    <message>
        <source>Network check</source>
        <translation>Netzwerkprüfung</translation>
    </message>
    <message>
        <source>Check &amp;network</source>
        <translation>&amp;Netzwerk prüfen</translation>
    </message>
    <message>
        <source>Path MTU, Range support, TLS cost and a short read test with 1 to 16 connections (about half a minute).</source>
        <translation>Path-MTU, Range-Unterstützung, TLS-Aufwand und ein kurzer Lesetest mit 1 bis 16 Verbindungen (etwa eine halbe Minute).</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Advice</source>
        <translation>Empfehlung</translation>
    </message>
    <message>
        <source>Checking the network to %1 by reading %2…</source>
        <translation>Netzwerk zu %1 wird durch Lesen von %2 geprüft…</translation>
    </message>
    <message>
        <source>The check stopped: %1</source>
        <translation>Die Prüfung wurde abgebrochen: %1</translation>
    </message>
    <message>
        <source>Network check finished.</source>
        <translation>Netzwerkprüfung abgeschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Use %n connection(s)</source>
        <translation>
            <numerusform>%n Verbindung verwen&amp;den</numerusform>
            <numerusform>%n Verbindungen verwen&amp;den</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::VmDetailView</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Powered on</source>
        <translation>Eingeschaltet</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Powered off</source>
        <translation>Ausgeschaltet</translation>
    </message>
    <message>
        <source>No disks.</source>
        <translation>Keine Datenträger.</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Datastore path</source>
        <translation>Datenspeicherpfad</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>thin</source>
        <translation>thin</translation>
    </message>
    <message>
        <source>thick</source>
        <translation>thick</translation>
    </message>
    <message>
        <source>No network adapters.</source>
        <translation>Keine Netzwerkkarten.</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Netzwerkkarte</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC-Adresse</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht verbunden)</translation>
    </message>
    <message>
        <source>Select a row to see the VM&apos;s disks, network adapters and where it runs.</source>
        <translation>Wählen Sie eine Zeile, um die Datenträger und Netzwerkkarten der VM zu sehen und wo sie läuft.</translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <source>UEFI, Secure Boot</source>
        <translation>UEFI, Secure Boot</translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation>UEFI</translation>
    </message>
    <message>
        <source>Datacenter:</source>
        <translation>Rechenzentrum:</translation>
    </message>
    <message>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
    <message>
        <source>Power:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Guest OS:</source>
        <translation>Gastbetriebssystem:</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>Firmware:</translation>
    </message>
    <message>
        <source>VMX file:</source>
        <translation>VMX-Datei:</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Network adapters</source>
        <translation>Netzwerkkarten</translation>
    </message>
</context>
<context>
    <name>Ferry::VmTableModel</name>
    <message>
        <source>Powered off</source>
        <translation>Ausgeschaltet</translation>
    </message>
    <message>
        <source>Powered on</source>
        <translation>Eingeschaltet</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <source>UEFI, Secure Boot</source>
        <translation>UEFI, Secure Boot</translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation>UEFI</translation>
    </message>
    <message numerus="yes">
        <source>%n disk(s), %1</source>
        <translation>
            <numerusform>%n Datenträger, %1</numerusform>
            <numerusform>%n Datenträger, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 virtual CPUs, %2 cores per socket</source>
        <translation>%1 virtuelle CPUs, %2 Kerne pro Sockel</translation>
    </message>
    <message>
        <source>%1: %2, %3 provisioned (%4)</source>
        <translation>%1: %2, %3 bereitgestellt (%4)</translation>
    </message>
    <message>
        <source>thin</source>
        <translation>thin</translation>
    </message>
    <message>
        <source>thick</source>
        <translation>thick</translation>
    </message>
    <message>
        <source>%1: %2 on %3</source>
        <translation>%1: %2 an %3</translation>
    </message>
    <message>
        <source>Current snapshot: %1</source>
        <translation>Aktueller Snapshot: %1</translation>
    </message>
    <message numerus="yes">
        <source>Blocked (%n problem(s))</source>
        <translation>
            <numerusform>Blockiert (%n Problem)</numerusform>
            <numerusform>Blockiert (%n Probleme)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready, %n warning(s)</source>
        <translation>
            <numerusform>Bereit, %n Warnung</numerusform>
            <numerusform>Bereit, %n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Betriebszustand</translation>
    </message>
    <message>
        <source>Guest OS</source>
        <translation>Gastbetriebssystem</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>Firmware</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPUs</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>Netzwerke</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message numerus="yes">
        <source>%n disk(s), %1 (%2 used)</source>
        <translation>
            <numerusform>%n Datenträger, %1 (%2 belegt)</numerusform>
            <numerusform>%n Datenträger, %1 (%2 belegt)</numerusform>
        </translation>
    </message>
    <message>
        <source>Used on the datastores: %1 (disks, snapshots and other files of the VM)</source>
        <translation>Belegt auf den Datenspeichern: %1 (Datenträger, Snapshots und weitere Dateien der VM)</translation>
    </message>
    <message numerus="yes">
        <source>%n VMs are named “%1” (%2). Ferry names output folders and domains after the VM: rename all but one in vSphere, then connect again.</source>
        <translation>
            <numerusform>%n VM heißt „%1“ (%2). Ferry benennt Ausgabeordner und Domänen nach der VM: Benennen Sie in vSphere alle bis auf eine um und verbinden Sie sich dann erneut.</numerusform>
            <numerusform>%n VMs heißen „%1“ (%2). Ferry benennt Ausgabeordner und Domänen nach der VM: Benennen Sie in vSphere alle bis auf eine um und verbinden Sie sich dann erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>A standalone host, not in a cluster</source>
        <translation>Ein einzelner Host, in keinem Cluster</translation>
    </message>
    <message>
        <source>Datacenter</source>
        <translation>Rechenzentrum</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>Ferry::VmsPage</name>
    <message>
        <source>Virtual machines</source>
        <translation>Virtuelle Maschinen</translation>
    </message>
    <message>
        <source>Select the virtual machines to migrate. Problems that stop a VM are listed below the table.</source>
        <translation>Wählen Sie die zu migrierenden virtuellen Maschinen aus. Probleme, die eine VM blockieren, werden unter der Tabelle aufgeführt.</translation>
    </message>
    <message>
        <source>Name or guest OS</source>
        <translation>Name oder Gastbetriebssystem</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>Select all &amp;shown</source>
        <translation>Alle an&amp;gezeigten auswählen</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>&amp;Keine auswählen</translation>
    </message>
    <message>
        <source>Copy powered-on VMs an&amp;yway (crash-consistent)</source>
        <translation>Eingeschaltete VMs &amp;trotzdem kopieren (absturzkonsistent)</translation>
    </message>
    <message>
        <source>A running VM keeps writing while its disks are copied: the copy is like after a power failure. Shut VMs down for a clean copy.</source>
        <translation>Eine laufende VM schreibt weiter, während ihre Datenträger kopiert werden: Die Kopie entspricht dem Zustand nach einem Stromausfall. Fahren Sie VMs für eine saubere Kopie herunter.</translation>
    </message>
    <message>
        <source>F&amp;indings for the current VM:</source>
        <translation>Bef&amp;unde zur aktuellen VM:</translation>
    </message>
    <message>
        <source>Not found on this source, so not selected: %1.</source>
        <translation>Auf dieser Quelle nicht gefunden, daher nicht ausgewählt: %1.</translation>
    </message>
    <message>
        <source>Select at least one virtual machine to migrate.</source>
        <translation>Wählen Sie mindestens eine virtuelle Maschine zum Migrieren aus.</translation>
    </message>
    <message numerus="yes">
        <source>%n virtual machine(s) selected.</source>
        <translation>
            <numerusform>%n virtuelle Maschine ausgewählt.</numerusform>
            <numerusform>%n virtuelle Maschinen ausgewählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be migrated: %2</source>
        <translation>%1 kann nicht migriert werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>(%n more selected VM(s) blocked)</source>
        <translation>
            <numerusform>(%n weitere ausgewählte VM blockiert)</numerusform>
            <numerusform>(%n weitere ausgewählte VMs blockiert)</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a row to see what Ferry found about that VM.</source>
        <translation>Wählen Sie eine Zeile, um zu sehen, was Ferry über diese VM herausgefunden hat.</translation>
    </message>
    <message>
        <source>No problems found: this VM can be migrated.</source>
        <translation>Keine Probleme gefunden: Diese VM kann migriert werden.</translation>
    </message>
    <message>
        <source>Blocker:</source>
        <translation>Blocker:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Warnung:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Hinweis:</translation>
    </message>
    <message>
        <source>Shut &amp;down powered-on VMs before copying</source>
        <translation>Eingeschaltete VMs vor dem Kopieren &amp;herunterfahren</translation>
    </message>
    <message numerus="yes">
        <source>Ferry asks the guest to shut down through VMware Tools and powers the VM off if it is still running after %n second(s). The VM is not started again on VMware.</source>
        <translation>
            <numerusform>Ferry bittet den Gast über die VMware Tools herunterzufahren und schaltet die VM aus, wenn sie nach %n Sekunde noch läuft. Auf VMware wird die VM nicht wieder gestartet.</numerusform>
            <numerusform>Ferry bittet den Gast über die VMware Tools herunterzufahren und schaltet die VM aus, wenn sie nach %n Sekunden noch läuft. Auf VMware wird die VM nicht wieder gestartet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick “Shut down powered-on VMs before copying” or “Copy powered-on VMs anyway”.</source>
        <translation>Wählen Sie „Eingeschaltete VMs vor dem Kopieren herunterfahren“ oder „Eingeschaltete VMs trotzdem kopieren“.</translation>
    </message>
    <message>
        <source>Tick “Copy powered-on VMs anyway” to copy it as it is.</source>
        <translation>Wählen Sie „Eingeschaltete VMs trotzdem kopieren“, um sie im jetzigen Zustand zu kopieren.</translation>
    </message>
    <message>
        <source>Select the virtual machines to migrate. Problems that stop a VM and its details are shown below the table.</source>
        <translation>Wählen Sie die virtuellen Maschinen für die Migration. Probleme, die eine VM aufhalten, und ihre Details stehen unter der Tabelle.</translation>
    </message>
    <message>
        <source>Name, guest OS, datacenter, cluster, host or folder</source>
        <translation>Name, Gastbetriebssystem, Rechenzentrum, Cluster, Host oder Ordner</translation>
    </message>
    <message>
        <source>Show the VMs of one datacenter only</source>
        <translation>Nur die VMs eines Rechenzentrums zeigen</translation>
    </message>
    <message>
        <source>De&amp;tails of the current VM:</source>
        <translation>De&amp;tails der aktuellen VM:</translation>
    </message>
    <message>
        <source>All datacenters</source>
        <translation>Alle Rechenzentren</translation>
    </message>
</context>
</TS>
