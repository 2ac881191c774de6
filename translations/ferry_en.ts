<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Ferry::DonePage</name>
    <message numerus="yes">
        <source>%n VM(s) migrated.</source>
        <translation>
            <numerusform>%n VM migrated.</numerusform>
            <numerusform>%n VMs migrated.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated</source>
        <translation>
            <numerusform>%n VM migrated</numerusform>
            <numerusform>%n VMs migrated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s)</source>
        <translation>
            <numerusform>%n decision</numerusform>
            <numerusform>%n decisions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::Preflight</name>
    <message numerus="yes">
        <source>%1 has %n snapshot(s); the flat files are not the current state: delete or consolidate the snapshots first</source>
        <translation>
            <numerusform>%1 has %n snapshot; the flat files are not the current state: delete or consolidate the snapshots first</numerusform>
            <numerusform>%1 has %n snapshots; the flat files are not the current state: delete or consolidate the snapshots first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::ProgressPage</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n VM(s) migrated.</source>
        <translation>
            <numerusform>All %n VM migrated.</numerusform>
            <numerusform>All %n VMs migrated.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) migrated</source>
        <translation>
            <numerusform>%n VM migrated</numerusform>
            <numerusform>%n VMs migrated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::SourcePage</name>
    <message numerus="yes">
        <source>Connected to %1: %n virtual machine(s).</source>
        <translation>
            <numerusform>Connected to %1: %n virtual machine.</numerusform>
            <numerusform>Connected to %1: %n virtual machines.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::SummaryPage</name>
    <message numerus="yes">
        <source>%1 (%n disk(s), %2)</source>
        <translation>
            <numerusform>%1 (%n disk, %2)</numerusform>
            <numerusform>%1 (%n disks, %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 to read in %n disk(s)</source>
        <translation>
            <numerusform>%1 to read in %n disk</numerusform>
            <numerusform>%1 to read in %n disks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n powered-on VM(s) are shut down before copying (VMware Tools; powered off after %1 s if still running) and stay off</source>
        <translation>
            <numerusform>%n powered-on VM is shut down before copying (VMware Tools; powered off after %1 s if still running) and stays off</numerusform>
            <numerusform>%n powered-on VMs are shut down before copying (VMware Tools; powered off after %1 s if still running) and stay off</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n VM(s) keep running while copied: the copy is crash-consistent</source>
        <translation>
            <numerusform>%n VM keeps running while copied: the copy is crash-consistent</numerusform>
            <numerusform>%n VMs keep running while copied: the copy is crash-consistent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>domain %1 with %n volume(s): %2</source>
        <translation>
            <numerusform>domain %1 with %n volume: %2</numerusform>
            <numerusform>domain %1 with %n volumes: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::TargetPage</name>
    <message numerus="yes">
        <source>%n selected VM(s) already have a folder here from an earlier run: choose what to do with each.</source>
        <translation>
            <numerusform>%n selected VM already has a folder here from an earlier run: choose what to do with it.</numerusform>
            <numerusform>%n selected VMs already have a folder here from an earlier run: choose what to do with each.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overwriting deletes %1 in %n folder(s) for good:</source>
        <translation>
            <numerusform>Overwriting deletes %1 in %n folder for good:</numerusform>
            <numerusform>Overwriting deletes %1 in %n folders for good:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::TuningPage</name>
    <message numerus="yes">
        <source>&amp;Use %n connection(s)</source>
        <translation>
            <numerusform>&amp;Use %n connection</numerusform>
            <numerusform>&amp;Use %n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::VmTableModel</name>
    <message numerus="yes">
        <source>%n disk(s), %1</source>
        <translation>
            <numerusform>%n disk, %1</numerusform>
            <numerusform>%n disks, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Blocked (%n problem(s))</source>
        <translation>
            <numerusform>Blocked (%n problem)</numerusform>
            <numerusform>Blocked (%n problems)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready, %n warning(s)</source>
        <translation>
            <numerusform>Ready, %n warning</numerusform>
            <numerusform>Ready, %n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disk(s), %1 (%2 used)</source>
        <translation>
            <numerusform>%n disk, %1 (%2 used)</numerusform>
            <numerusform>%n disks, %1 (%2 used)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n VMs are named “%1” (%2). Ferry names output folders and domains after the VM: rename all but one in vSphere, then connect again.</source>
        <translation>
            <numerusform>%n VM is named “%1” (%2). Ferry names output folders and domains after the VM: rename all but one in vSphere, then connect again.</numerusform>
            <numerusform>%n VMs are named “%1” (%2). Ferry names output folders and domains after the VM: rename all but one in vSphere, then connect again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::VmsPage</name>
    <message numerus="yes">
        <source>%n virtual machine(s) selected.</source>
        <translation>
            <numerusform>%n virtual machine selected.</numerusform>
            <numerusform>%n virtual machines selected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more selected VM(s) blocked)</source>
        <translation>
            <numerusform>(%n more selected VM blocked)</numerusform>
            <numerusform>(%n more selected VMs blocked)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ferry asks the guest to shut down through VMware Tools and powers the VM off if it is still running after %n second(s). The VM is not started again on VMware.</source>
        <translation>
            <numerusform>Ferry asks the guest to shut down through VMware Tools and powers the VM off if it is still running after %n second. The VM is not started again on VMware.</numerusform>
            <numerusform>Ferry asks the guest to shut down through VMware Tools and powers the VM off if it is still running after %n seconds. The VM is not started again on VMware.</numerusform>
        </translation>
    </message>
</context>
</TS>
